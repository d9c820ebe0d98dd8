// Formats the Kubernetes API server enforces on fields users write.
import type Ajv from 'ajv';

/** resource.Quantity: <signedNumber><suffix>, suffix binary (Ki..Ei), decimal (n u m k M G T P E) or exponent. */
export const QUANTITY = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[KMGTPE]i|[numkMGTPE]|[eE][+-]?\d+)?$/;

/** []byte fields are base64 in JSON; Go's decoder ignores line breaks, so block scalars are fine. */
const BASE64 = /^(?:[A-Za-z0-9+/\r\n]{4})*(?:[A-Za-z0-9+/\r\n]{2}==|[A-Za-z0-9+/\r\n]{3}=)?[\r\n]*$/;

/** RFC 3339 as Go's time.Time accepts it. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;

export function addKubernetesFormats(ajv: Ajv): void {
  ajv.addFormat('quantity', { type: 'string', validate: (s: string) => QUANTITY.test(s) });
  ajv.addFormat('byte', { type: 'string', validate: (s: string) => BASE64.test(s.replace(/[\r\n ]/g, '')) });
  ajv.addFormat('date-time', { type: 'string', validate: (s: string) => DATE_TIME.test(s) });
}
