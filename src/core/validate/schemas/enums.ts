// Kubernetes OpenAPI documents give most string enums only in prose. Reading them out at build time lets us
// reject `imagePullPolicy: Sometimes` the way the API server does. Only unambiguous phrasings are accepted:
// a false enum would be a false alarm on a valid manifest, which is worse than a missed one.

/** The `Possible enum values:` list that Kubernetes' OpenAPI generator appends to descriptions. */
const POSSIBLE_ENUM = /Possible enum values:\s*((?:\n?\s*-\s*`"?[^`"]*"?`[^\n]*)+)/;
const POSSIBLE_ITEM = /-\s*`"?([^`"]*)"?`/g;

/** "One of Always, Never, IfNotPresent." / "Valid options are ExternalName, ClusterIP, NodePort, and LoadBalancer." */
const PROSE_ENUM =
  /(?:^|[.:]\s+|\.\s*\n)(?:[A-Za-z ]*?)(?:valid values are|possible values are|must be one of|can be one of|valid options are|one of)[: ]+((?:"?[A-Z][A-Za-z0-9]*"?(?: \([^)]*\))?(?:, |,? and |,? or )){1,}"?[A-Z][A-Za-z0-9]*"?(?: \([^)]*\))?)\./i;

/** Returns the enum a description states, or undefined when it states none unambiguously. */
export function enumFromDescription(description: string): string[] | undefined {
  const possible = POSSIBLE_ENUM.exec(description);
  if (possible) {
    const values = [...possible[1].matchAll(POSSIBLE_ITEM)].map((m) => m[1]);
    return values.length > 0 ? values : undefined;
  }
  const prose = PROSE_ENUM.exec(description);
  if (!prose) return undefined;
  const values = prose[1]
    .replace(/ \([^)]*\)/g, '')
    .split(/, and |, or | and | or |, /)
    .map((v) => v.trim().replace(/^"|"$/g, ''))
    .filter((v) => v.length > 0);
  // Words like "True" in "one of True, False, Unknown" are real values; a single word is not a list.
  if (values.length < 2 || values.some((v) => !/^[A-Z][A-Za-z0-9]*$/.test(v))) return undefined;
  return values;
}
