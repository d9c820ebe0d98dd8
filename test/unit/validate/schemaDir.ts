// Where the validation tests find their inputs: the committed schema bundle (what the product ships; its
// integrity and freshness are checked in schemaBundle.test.ts) and the vendored real repositories.
import * as path from 'node:path';
import { BUNDLE_DIR } from '../../../scripts/schemaBundle';

export const FIXTURES = path.resolve(__dirname, '..', '..', 'fixtures');
export const CORPUS = path.join(FIXTURES, 'corpus');
export const CONFORMANCE = path.join(FIXTURES, 'conformance');

/** The bundle the build copies into dist/schemas; tests read it in place. */
export function schemaDir(): string {
  return BUNDLE_DIR;
}
