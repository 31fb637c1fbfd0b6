// Text placed in the HTML the server writes itself (GraphiQL's page, one-tap pages, mail).
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
