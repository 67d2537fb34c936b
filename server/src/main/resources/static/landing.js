'use strict';

// The landing page: the join form and the list of public groups.

function groupURL(name) {
    return '/group/' + name.split('/').map(encodeURIComponent).join('/') + '/';
}

function text(tag, className, content) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    e.textContent = content;
    return e;
}

async function listPublicGroups() {
    const status = document.getElementById('status');
    const list = document.getElementById('public-groups');
    let groups;
    try {
        const r = await fetch('/public-groups.json', {cache: 'no-cache'});
        if (!r.ok) throw new Error(r.status + ' ' + r.statusText);
        groups = await r.json();
    } catch (e) {
        status.textContent = 'Could not load the list of public groups (' + e.message + ').';
        return;
    }
    status.textContent = groups.length === 0 ? 'There are no public groups.' : '';
    status.hidden = groups.length !== 0;
    for (const g of groups) {
        const li = document.createElement('li');
        const a = text('a', null, g.displayName || g.name);
        a.href = groupURL(g.name);
        li.appendChild(a);
        const meta = [];
        if (typeof g.clientCount === 'number') {
            meta.push(g.clientCount === 1 ? '1 person' : g.clientCount + ' people');
        }
        if (g.locked) meta.push('locked');
        if (meta.length) li.appendChild(text('span', 'meta', '(' + meta.join(', ') + ')'));
        if (g.description) li.appendChild(text('p', 'description', g.description));
        list.appendChild(li);
    }
}

document.getElementById('join').addEventListener('submit', (e) => {
    e.preventDefault();
    const name = document.getElementById('group').value.trim().replace(/^\/+|\/+$/g, '');
    if (name) location.href = groupURL(name);
});

listPublicGroups();
