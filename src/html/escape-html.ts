/** Text from workloads, scenario files and results documents is data: escape what HTML would interpret. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/**
 * A value as JSON that can sit inside `<script type="application/json">`: `<` and the two line
 * separators JavaScript treats as newlines are written as escapes, so no `</script>` ends it early.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
