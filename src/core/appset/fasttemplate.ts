// Argo CD's default template mode: valyala/fasttemplate with `{{` `}}`, where a tag is replaced by the
// parameter of that (trimmed) name when it is a string, and left exactly as written otherwise.

export type FastTemplateResult = { ok: true; text: string } | { ok: false; error: string };

/** Mirrors Render.Replace for useGoTemplate=false. */
export function renderFastTemplate(template: string, params: Record<string, unknown>): FastTemplateResult {
  // Argo CD only templates strings where one line holds a `{{ ... }}` pair.
  if (!/\{\{.*\}\}/.test(template)) return { ok: true, text: template };
  let out = '';
  let i = 0;
  for (;;) {
    const open = template.indexOf('{{', i);
    if (open < 0) {
      out += template.slice(i);
      return { ok: true, text: out };
    }
    const close = template.indexOf('}}', open + 2);
    if (close < 0) {
      return { ok: false, error: `invalid template: Cannot find end tag="}}" in the template=${JSON.stringify(template)} starting from ${JSON.stringify(template.slice(open + 2))}` };
    }
    out += template.slice(i, open);
    const tag = template.slice(open + 2, close);
    const value = params[tag.trim()];
    out += tag.trim() !== '' && typeof value === 'string' ? value : `{{${tag}}}`;
    i = close + 2;
  }
}

/** The `{{ tag }}` names left in a fasttemplate result (parameters no generator provided). */
export function leftoverTags(text: string): string[] {
  return [...text.matchAll(/\{\{([^{}]*)\}\}/g)].map((m) => m[1].trim());
}
