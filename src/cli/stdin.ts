// Standard input as one string, for `kustomize build ... | reconcile validate -`.

/** Reads process.stdin to its end (UTF-8). A pipe that closes at once gives ''. */
export async function readProcessStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
