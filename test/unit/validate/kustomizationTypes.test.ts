// RC1406 against kustomize itself: every kustomization field, given values of each JSON shape, is reported
// exactly when `kubectl kustomize` (kustomize v5) fails to decode it ("json: cannot unmarshal ...").
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as jsyaml from 'js-yaml';
import { KUSTOMIZATION_FIELDS, kustomizationFieldProblems } from '../../../src/core/validate/rules/kustomizationFields';
import { kubectlAvailable } from '../../support/tools';

/** One value of each JSON shape, and the wrong item shape for either kind of list. */
const VALUES = ['3', '[x]', '{a: x}', '[{a: x}]'];

function kustomizeDecodeError(dir: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('kubectl', ['kustomize', dir], { timeout: 60_000 }, (err, _out, stderr) => {
      const m = /json: cannot unmarshal [^"]*/.exec(stderr);
      resolve(err && m ? m[0] : undefined);
    });
  });
}

describe('RC1406 agrees with kubectl kustomize on what it cannot decode', { skip: kubectlAvailable() ? false : 'kubectl is not installed' }, () => {
  it(`${KUSTOMIZATION_FIELDS.length} fields × ${VALUES.length} value shapes`, { timeout: 600_000 }, async (t) => {
    const cases = KUSTOMIZATION_FIELDS.flatMap((field) => VALUES.map((value) => ({ field, value })));
    const disagreements: string[] = [];
    let decodeErrors = 0;
    // A few kubectl processes at a time: each mostly waits on its own start-up.
    const worker = async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reconcile-kustomize-types-'));
      fs.writeFileSync(path.join(dir, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n');
      for (let c = cases.shift(); c; c = cases.shift()) {
        const { field, value } = c;
        const text = `${field === 'resources' ? '' : 'resources:\n- cm.yaml\n'}${field}: ${value}\n`;
        fs.writeFileSync(path.join(dir, 'kustomization.yaml'), text);
        const theirs = await kustomizeDecodeError(dir);
        const ours = kustomizationFieldProblems(jsyaml.load(text)).filter((p) => p.code === 'RC1406');
        if (theirs) decodeErrors++;
        if (!!theirs !== ours.length > 0 || (theirs && !ours[0].message.includes(theirs))) {
          disagreements.push(`${field}: ${value} → kustomize ${theirs ?? 'decodes it'}; RC1406 ${ours.map((p) => p.message).join(' | ') || 'none'}`);
        }
      }
    };
    const total = cases.length;
    await Promise.all([worker(), worker(), worker()]);
    t.diagnostic(`${decodeErrors} of ${total} cases are kustomize decode errors`);
    assert.deepEqual(disagreements, []);
    // The comparison means something only if kustomize refused a good share of the cases.
    assert.ok(decodeErrors > KUSTOMIZATION_FIELDS.length, `${decodeErrors} decode errors`);
  });
});
