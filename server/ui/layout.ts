// The page frame: landmarks (banner, navigation, search, main), the object tabs and the user menu.
import type { SchemaRegistry } from '../../schema/index.js';
import { html, type Html } from './html.js';
import { TABS } from './objects.js';
import type { UiSession } from './session.js';

export interface Chrome {
  readonly session: UiSession;
  readonly registry: SchemaRegistry;
  readonly hasRuns: boolean;
}

export type Section = { readonly kind: 'object'; readonly name: string } | { readonly kind: 'page'; readonly name: 'home' | 'console' | 'tasks' | 'runs' | 'leaderboard' | 'search' | 'objects' };

function current(active: Section, candidate: Section): Html | '' {
  return active.kind === candidate.kind && active.name === candidate.name ? html` aria-current="page"` : '';
}

export function page(title: string, body: Html, opts: { readonly chrome?: Chrome; readonly active?: Section; readonly scripts?: readonly string[]; readonly query?: string } = {}): string {
  const c = opts.chrome;
  const active: Section = opts.active ?? { kind: 'page', name: 'home' };
  const frame = c
    ? html`<a class="skip" href="#main">Skip to content</a>
<header class="appbar" role="banner">
  <a class="logo" href="/lightning"><span class="mark" aria-hidden="true">L</span>Localforce</a>
  <form class="search" role="search" action="/lightning/search" method="get">
    <label for="global-search" class="skip">Search the org</label>
    <input id="global-search" name="q" type="search" placeholder="Search accounts, contacts, cases…" value="${opts.query ?? ''}">
    <button type="submit">Search</button>
  </form>
  <div class="user">
    <span>${c.session.userName}${c.session.watching ? html` <span class="badge">watching episode ${c.session.episode.id}</span>` : ''}</span>
    <form method="post" action="/lightning/logout"><input type="hidden" name="csrf" value="${c.session.csrf}"><button type="submit">Log out</button></form>
  </div>
</header>
<nav class="tabs" aria-label="Objects and tools">
  <a href="/lightning"${current(active, { kind: 'page', name: 'home' })}>Home</a>
  ${TABS.map((t) => {
    const info = c.registry.object(t.name);
    return info ? html`<a href="/lightning/o/${t.name}"${current(active, { kind: 'object', name: t.name })}>${info.def.labelPlural}</a>` : '';
  })}
  <a href="/lightning/objects"${current(active, { kind: 'page', name: 'objects' })}>All objects</a>
  <span class="sep" aria-hidden="true"></span>
  <a href="/lightning/console"${current(active, { kind: 'page', name: 'console' })}>Query console</a>
  <a href="/lightning/tasks"${current(active, { kind: 'page', name: 'tasks' })}>Tasks</a>
  ${c.hasRuns ? html`<a href="/lightning/runs"${current(active, { kind: 'page', name: 'runs' })}>Runs</a>` : ''}
  <a href="/lightning/leaderboard"${current(active, { kind: 'page', name: 'leaderboard' })}>Leaderboard</a>
</nav>`
    : '';
  const doc = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} | Localforce</title>
<link rel="stylesheet" href="/lightning/assets/ui.css">
</head>
<body>
${frame}
<main id="main">
${body}
</main>
${(opts.scripts ?? []).map((s) => html`<script type="module" src="${s}"></script>`)}
</body>
</html>
`;
  return doc.text;
}

/** Icon text for an object: its first two letters. */
export function objectIcon(label: string): string {
  return label.slice(0, 2);
}
