#!/usr/bin/env bash
# End-to-end tests in a real VS Code (code-server) driven by Debian Chromium: what `npm run test:e2e` runs.
#   1. scripts/e2e-setup.sh (apt + code-server into a cache outside the repo; fast when already installed)
#   2. npm run build (webpack: dist/extension.js) and package the .vsix with vsce
#   3. the UI test (test/e2e/runUi.ts: the .vsix installed, the workbench clicked through)
#   4. the in-editor suite (test/e2e/suite, bundled to out/test/e2e/suite.js, run in code-server's extension host)
#   4b. the multi-root suite (test/e2e/multiroot: a .code-workspace of two git repositories; out/test/e2e/multiroot.js)
#   5. the journey on the demo stack (test/e2e/journey.ts through scripts/demo.ts --headless-check)
# Ends with the line `e2e: N passed, M failed` and a non-zero exit on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT="$ROOT/test-output/e2e"
started=$(date +%s)
rm -rf "$OUT" && mkdir -p "$OUT"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/rce2e.XXXXXX")
export RECONCILE_E2E_TMP="$TMP"
# Sandboxes hold code-server's user data and a workspace copy; keep them only when asked (for debugging).
cleanup() { if [ "${RECONCILE_E2E_KEEP:-0}" = "1" ]; then echo "(sandboxes kept in $TMP)" >&2; else rm -rf "$TMP"; fi; }
trap cleanup EXIT

fail_setup() {
  echo "e2e: $1" >&2
  echo "e2e: 0 passed, 1 failed"
  exit 1
}
step() { echo "== e2e: $*"; }

step "setup"
CODE_SERVER=$(bash scripts/e2e-setup.sh | tail -1) || fail_setup "setup failed (scripts/e2e-setup.sh)"
[ -x "$CODE_SERVER" ] || fail_setup "setup did not produce a code-server binary"
export CODE_SERVER

step "build (webpack)"
npm run -s build > "$OUT/build.log" 2>&1 || { tail -30 "$OUT/build.log" >&2; fail_setup "npm run build failed (log: $OUT/build.log)"; }
npx webpack --config test/e2e/webpack.suite.config.js > "$OUT/build-suite.log" 2>&1 \
  || { tail -30 "$OUT/build-suite.log" >&2; fail_setup "bundling the in-editor suite failed"; }

# The CLI bundle (dist/cli.js) as users run it: webpack output differs from what the Node tests import.
step "CLI bundle smoke test"
node dist/cli.js --help > "$OUT/cli-help.txt" 2>&1 && grep -q "^Usage: reconcile" "$OUT/cli-help.txt" \
  || fail_setup "node dist/cli.js --help printed no usage (see $OUT/cli-help.txt)"
node dist/cli.js index test/fixtures/demo-repo > "$OUT/cli-index.txt" 2>&1 && grep -q "HelmRelease/status-page" "$OUT/cli-index.txt" \
  || fail_setup "node dist/cli.js index did not list the demo repository (see $OUT/cli-index.txt)"

step "package .vsix"
export VSIX="$TMP/reconcile.vsix"
npx vsce package --no-dependencies --skip-license --allow-missing-repository --no-rewrite-relative-links -o "$VSIX" > "$OUT/vsce.log" 2>&1 \
  || { tail -30 "$OUT/vsce.log" >&2; fail_setup "vsce package failed (log: $OUT/vsce.log)"; }
echo "packaged $(du -h "$VSIX" | cut -f1) $(basename "$VSIX")"
# The Marketplace-friendly budget the README promises: the .vsix stays under 5 MB.
[ "$(stat -c %s "$VSIX")" -lt $((5 * 1024 * 1024)) ] || fail_setup "the .vsix is $(du -h "$VSIX" | cut -f1), over the 5 MB budget"

rc=0
# RECONCILE_E2E_PARTS (default "ui suite multiroot journey") picks runners while working on one area; CI runs all of them.
PARTS=" ${RECONCILE_E2E_PARTS:-ui suite multiroot journey} "
if [[ "$PARTS" == *" ui "* ]]; then
  step "UI test (code-server + Chromium)"
  node --import tsx test/e2e/runUi.ts || rc=1
fi
if [[ "$PARTS" == *" suite "* ]]; then
  step "in-editor suite"
  EXTENSION_DIR="$ROOT" SUITE="$ROOT/out/test/e2e/suite.js" node --import tsx test/e2e/runSuite.ts || rc=1
fi
if [[ "$PARTS" == *" multiroot "* ]]; then
  step "multi-root suite (two-folder .code-workspace)"
  EXTENSION_DIR="$ROOT" MULTIROOT_SUITE="$ROOT/out/test/e2e/multiroot.js" node --import tsx test/e2e/runMultiRoot.ts || rc=1
fi

if [[ "$PARTS" == *" journey "* ]]; then
  step "journey on the demo stack (npm run demo -- --headless-check)"
  node --import tsx scripts/demo.ts --headless-check --vsix "$VSIX" || rc=1
fi

# Add up the runners' result files; a runner that died before writing one counts as one failure.
read -r passed failed < <(node -e '
  const fs = require("fs"); let p = 0, f = 0;
  for (const r of process.argv[2].trim().split(/\s+/)) {
    const file = `${process.argv[1]}/${r}.json`;
    if (!fs.existsSync(file)) { f++; continue; }
    const j = JSON.parse(fs.readFileSync(file, "utf8")); p += j.passed; f += j.failed;
  }
  console.log(p, f);' "$OUT" "$PARTS")
echo "e2e wall time: $(( $(date +%s) - started ))s (screenshot: test-output/e2e/resources-tree.png)"
[ "$failed" -gt 0 ] && rc=1
echo "e2e: $passed passed, $failed failed"
exit $rc
