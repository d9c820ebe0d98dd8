#!/usr/bin/env bash
# The README's test command (`npm test`): type check, unit + integration tests (Node's test runner), then e2e in a real VS Code.
# `--unit` (npm run test:unit) stops before e2e; so does RECONCILE_SKIP_E2E=1 outside CI.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== type check"
npx tsc -p . --noEmit

mapfile -t unit < <(find test/unit test/integration test/conformance test/differential -name '*.test.ts' 2>/dev/null | sort)
if [ "${#unit[@]}" -eq 0 ]; then echo "no unit or integration tests found" >&2; exit 1; fi
echo "== unit + integration (${#unit[@]} files)"
node --import tsx --test --test-reporter=spec --test-concurrency=2 "${unit[@]}"

if [ "${1:-}" = "--unit" ]; then
  exit 0
elif [ "${RECONCILE_SKIP_E2E:-0}" = "1" ] && [ "${CI:-}" != "true" ]; then
  echo "== e2e skipped (RECONCILE_SKIP_E2E=1)"
else
  echo "== e2e (real VS Code: code-server + Chromium)"
  bash scripts/e2e.sh
fi
