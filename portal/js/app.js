// The portal: hash routes over the API. #/districts/<D>[/batches/<B>], #/cases/<C>, #/review[?batch=], #/hq.
import { h, render, announce } from './dom.js';
import { api, SignInNeeded } from './api.js';
import { beginSignIn, completeSignIn, session, signOut } from './auth.js';
import { districtView } from './district-view.js';
import { caseView } from './case-view.js';
import { reviewView, hqView } from './hq-view.js';

let me = null;

function nav(role) {
  const items = role?.startsWith('district:')
    ? [[`#/districts/${encodeURIComponent(role.slice(9))}`, 'My cases']]
    : [['#/hq', 'HQ'], ['#/review', 'Review queue']];
  document.getElementById('nav').replaceChildren(h('ul', {}, items.map(([href, text]) => h('li', {}, h('a', { href }, text)))));
  document.getElementById('who').textContent = role ? `Signed in as ${role}` : '';
  document.getElementById('signout').hidden = !role;
}

async function route() {
  const hash = location.hash || '#/';
  if (!hash.startsWith('#/')) return; // in-page anchors (the skip link)
  const [pathPart, queryPart] = hash.slice(1).split('?');
  const query = new URLSearchParams(queryPart ?? '');
  const parts = pathPart.split('/').filter(Boolean).map(decodeURIComponent);
  try {
    if (!session()) throw new SignInNeeded();
    me ??= (await api('/api/me')).role;
    nav(me);
    if (parts[0] === 'districts' && parts[1]) return await districtView(parts[1], parts[2] === 'batches' ? parts[3] : undefined);
    if (parts[0] === 'cases' && parts[1]) return await caseView(parts[1], me);
    if (parts[0] === 'review') return await reviewView(query.get('batch') ?? undefined);
    if (parts[0] === 'hq') return await hqView(query.get('batch') ?? undefined);
    location.replace(me.startsWith('district:') ? `#/districts/${encodeURIComponent(me.slice(9))}` : '#/hq');
  } catch (err) {
    if (err instanceof SignInNeeded) {
      render(h('h1', {}, 'Signing in…'), h('p', {}, 'Taking you to the sign-in page.'));
      return beginSignIn(hash);
    }
    render(h('h1', {}, err.status === 403 ? 'Not allowed' : err.status === 404 ? 'Not found' : 'Something went wrong'), h('p', {}, err.message));
    announce(err.message, 'error');
  }
}

async function start() {
  document.getElementById('signout').addEventListener('click', () => signOut());
  try {
    // An email link opened at its own path (/districts/…, /review) becomes the same route here.
    if (location.pathname !== '/' && !new URLSearchParams(location.search).has('code')) {
      history.replaceState(null, '', `/#${location.pathname}${location.search}`);
    }
    const back = await completeSignIn();
    if (back) history.replaceState(null, '', `/${back}`);
  } catch (err) {
    render(h('h1', {}, 'Sign-in failed'), h('p', {}, err.message));
    return;
  }
  window.addEventListener('hashchange', route);
  await route();
}

start();
