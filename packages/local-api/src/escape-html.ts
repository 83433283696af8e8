/** Text into HTML: the five characters that can break out of text or an attribute, as entities. */
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
