// How a file transfer looks in the chat: who, what, progress, and the
// buttons to accept, reject, cancel or save.

import { el } from './dom.js';

/** @param {number} n */
export function bytes(n) {
    if (n < 1024) return `${n} B`;
    if (n < 1048576) return `${(n / 1024).toFixed(1)} KiB`;
    if (n < 1073741824) return `${(n / 1048576).toFixed(1)} MiB`;
    return `${(n / 1073741824).toFixed(1)} GiB`;
}

/**
 * @param {import('./chat.js').ChatView} chat
 * @param {import('./files.js').Transfer} t
 */
export function showTransfer(chat, t) {
    const who = t.username || 'someone';
    const title = t.up ? `Sending ${t.name} (${bytes(t.size)}) to ${who}` : `${who} offers you ${t.name} (${bytes(t.size)})`;
    const status = el('span', { className: 'ft-status', role: 'status' });
    const progress = /** @type {HTMLProgressElement} */ (el('progress', { max: String(t.size || 1), value: '0', 'aria-label': `Progress of ${t.name}` }));
    const buttons = el('span', { className: 'ft-buttons' });
    const box = el('div', { className: 'filetransfer', 'data-transfer': t.id },
        el('div', { className: 'ft-title', text: title }), progress, status, buttons);
    chat.widget(box);
    const button = (label, run) => buttons.append(el('button', { type: 'button', text: label, onclick: run }));
    const reset = () => { buttons.textContent = ''; };

    if (t.up) {
        status.textContent = 'Waiting for them to accept…';
        button('Cancel', () => t.cancel('The sender cancelled.'));
    } else {
        status.textContent = 'Do you want this file?';
        button('Accept', () => {
            reset();
            button('Cancel', () => t.cancel('The receiver cancelled.'));
            t.accept().catch(e => t.cancel(e.message || String(e)));
        });
        button('Reject', () => { reset(); t.cancel('The receiver declined the file.'); });
    }

    t.onevent = (state, detail) => {
        switch (state) {
        case 'connecting': status.textContent = 'Connecting…'; break;
        case 'sending': status.textContent = 'Sending…'; break;
        case 'progress':
            progress.value = detail;
            status.textContent = `${bytes(detail)} of ${bytes(t.size)}`;
            break;
        case 'finishing': status.textContent = 'Finishing…'; break;
        case 'done':
            reset();
            progress.value = t.size;
            if (t.up) {
                status.textContent = 'Sent.';
            } else {
                status.textContent = 'Received.';
                const url = URL.createObjectURL(detail);
                buttons.append(el('a', { href: url, download: t.name, className: 'ft-save', text: `Save ${t.name}` }));
            }
            break;
        case 'cancelled':
            reset();
            status.textContent = detail || 'Cancelled.';
            box.classList.add('failed');
            break;
        }
    };
}
