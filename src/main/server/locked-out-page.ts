/**
 * The page a browser gets without this run's token (a bookmark, an old tab, the previous run's address): a
 * real page that says what happened and what to do, in plain words. It has no script and shows nothing of the
 * app; its own CSP allows only its inline style.
 */
export const LOCKED_OUT_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export function lockedOutPage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Emotune: open the address it gave you</title>
<style>
  :root { color-scheme: light dark; font-family: system-ui, sans-serif; }
  body { max-width: 36rem; margin: 12vh auto; padding: 0 1.5rem; line-height: 1.5; }
  h1 { font-size: 1.5rem; }
  code { font-size: 0.95em; }
</style>
</head>
<body>
<main>
<h1>This address needs Emotune's key</h1>
<p>Emotune runs on this computer only, and its address carries a private key, so that no other program or web
page can use it. This tab has an old or incomplete address (or the key was replaced).</p>
<p><strong>What to do:</strong> open Emotune again the way you started it (<code>npm start</code> opens the right
address for you), or copy the address it printed in its window, the one that ends in <code>?token=…</code>.</p>
<p>Your library, playlists and settings are safe; nothing was changed.</p>
</main>
</body>
</html>
`;
}
