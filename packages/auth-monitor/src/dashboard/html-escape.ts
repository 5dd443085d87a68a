const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escapes text for HTML content and attribute values, and replaces C0/C1 control characters
 * (other than tab and line breaks) with U+FFFD, so that the page holds no terminal escape
 * sequence either. Every interpolation of the dashboard goes through it.
 *
 * @example
 * ```ts
 * import { escapeHtml } from './html-escape.js';
 * escapeHtml('<script>"x"</script>'); // '&lt;script&gt;&quot;x&quot;&lt;/script&gt;'
 * ```
 */
export function escapeHtml(text: string | number): string {
  return (
    String(text)
      .replace(/[&<>"']/g, (char) => ENTITIES[char]!)
      // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, '\ufffd')
  );
}
