// Small DOM helpers. User text only ever enters the page as text nodes.

/**
 * @param {string} tag
 * @param {Record<string, any>} [attrs] - attributes; "on*" keys add listeners, "text" sets textContent
 * @param {...(Node|string|null|undefined|false)} children
 * @returns {HTMLElement}
 */
export function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
        if (v === undefined || v === null || v === false) continue;
        if (k === 'text') e.textContent = v;
        else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
        else if (k === 'className') e.className = v;
        else e.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children)
        if (c !== null && c !== undefined && c !== false)
            e.append(typeof c === 'string' ? document.createTextNode(c) : c);
    return e;
}

/** @param {string} id @returns {HTMLElement} */
export function $(id) {
    const e = document.getElementById(id);
    if (!e) throw new Error(`The page lacks #${id}.`);
    return e;
}

const URL_RE = /\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]/g;

/**
 * Text with http(s) links made clickable, built from text nodes and anchors.
 * @param {string} text
 * @returns {DocumentFragment}
 */
export function linkify(text) {
    const f = document.createDocumentFragment();
    let last = 0;
    for (const m of text.matchAll(URL_RE)) {
        if (m.index > last) f.append(text.slice(last, m.index));
        f.append(el('a', { href: m[0], target: '_blank', rel: 'noopener noreferrer', text: m[0] }));
        last = m.index + m[0].length;
    }
    if (last < text.length) f.append(text.slice(last));
    return f;
}

/**
 * Shows a short notice in the notice area (an ARIA live region).
 * @param {string} text
 * @param {'info'|'warning'|'error'} [kind]
 * @param {{href: string, text: string}} [link] - shown after the text
 */
export function notify(text, kind = 'info', link) {
    const area = $('notices');
    const n = el('div', { className: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status' },
        el('span', { text: link ? text + ' ' : text },
            ...(link ? [el('a', { href: link.href, target: '_blank', rel: 'noopener', text: link.text })] : [])),
        el('button', { className: 'notice-close', 'aria-label': 'Dismiss', text: '×',
            onclick: () => n.remove() }));
    area.append(n);
    setTimeout(() => n.remove(), kind === 'info' ? 6000 : 12000);
}

/** @param {HTMLElement} e @param {boolean} shown */
export function show(e, shown) {
    e.hidden = !shown;
}

/**
 * Opens a small popup menu of actions near an element or point; Escape or a
 * click elsewhere closes it. Keyboard: arrows move, Enter activates.
 * @param {{x: number, y: number}} at
 * @param {string} label
 * @param {Array<{label: string, run: () => void}|null>} items
 */
export function popupMenu(at, label, items) {
    closeMenus();
    opener = /** @type {HTMLElement|null} */ (document.activeElement);
    const menu = el('div', { className: 'popup-menu', role: 'menu', 'aria-label': label });
    for (const it of items.filter(Boolean)) {
        menu.append(el('button', { role: 'menuitem', type: 'button', text: it.label,
            onclick: () => { closeMenus(); it.run(); } }));
    }
    document.body.append(menu);
    const r = menu.getBoundingClientRect();
    menu.style.left = Math.max(4, Math.min(at.x, innerWidth - r.width - 4)) + 'px';
    menu.style.top = Math.max(4, Math.min(at.y, innerHeight - r.height - 4)) + 'px';
    const buttons = [...menu.querySelectorAll('button')];
    menu.addEventListener('keydown', e => {
        const i = buttons.indexOf(/** @type {any} */ (document.activeElement));
        if (e.key === 'ArrowDown') { buttons[(i + 1) % buttons.length].focus(); e.preventDefault(); }
        else if (e.key === 'ArrowUp') { buttons[(i - 1 + buttons.length) % buttons.length].focus(); e.preventDefault(); }
        else if (e.key === 'Escape') { closeMenus(); if (opener && opener.isConnected) opener.focus(); }
    });
    if (buttons.length) buttons[0].focus();
    setTimeout(() => document.addEventListener('click', closeOnOutside, true), 0);
    return menu;
}

/** Where focus returns when a menu is dismissed with Escape. @type {HTMLElement|null} */
let opener = null;

function closeOnOutside(e) {
    if (!(e.target instanceof Element) || !e.target.closest('.popup-menu')) closeMenus();
}

export function closeMenus() {
    document.querySelectorAll('.popup-menu').forEach(m => m.remove());
    document.removeEventListener('click', closeOnOutside, true);
}

/** Copies text to the clipboard, falling back to a selection in older engines. @param {string} text */
export async function copyText(text) {
    try {
        await navigator.clipboard.writeText(text);
        return true;
    } catch (e) {
        const t = el('textarea', { 'aria-hidden': 'true' });
        t.value = text;
        document.body.append(t);
        t.select();
        const ok = document.execCommand('copy');
        t.remove();
        return ok;
    }
}
