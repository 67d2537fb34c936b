'use strict';

// Polls /stats.json (administrators only; the browser reuses the credentials it
// gave for this page) every second and shows a table per group: one row per
// track of each client's up (published) and down (received) streams.

const columns = [
    ['Client', 'text'], ['User', 'text'], ['Direction', 'text'], ['Stream', 'text'],
    ['Kind', 'text'], ['Codec', 'text'], ['Layer', 'text'], ['Bitrate', 'num'],
    ['Packets', 'num'], ['Bytes', 'num'], ['Loss', 'num'], ['Lost', 'num'],
    ['Jitter', 'num'], ['RTT', 'num'], ['NACKs', 'num'], ['Resent', 'num'],
    ['PLIs', 'num'],
];

function formatBitrate(bps) {
    if (bps >= 1e6)
        return (bps / 1e6).toFixed(2) + ' Mbit/s';
    if (bps >= 1e3)
        return (bps / 1e3).toFixed(1) + ' kbit/s';
    return bps + ' bit/s';
}

function formatMs(ms) {
    return ms ? ms.toFixed(1) + ' ms' : '';
}

function trackCells(client, direction, conn, track) {
    return [
        client.id, client.username || '', direction, conn.id,
        track.kind || '', track.codec || '', track.rid || '',
        formatBitrate(track.bitrate || 0), track.packets ?? '', track.bytes ?? '',
        ((track.loss || 0) * 100).toFixed(1) + ' %', track.lost ?? '',
        formatMs(track.jitter), formatMs(track.rtt),
        track.nacks ?? '', track.resent ?? '', track.plis ?? '',
    ];
}

function row(cells, className) {
    const tr = document.createElement('tr');
    if (className)
        tr.className = className;
    cells.forEach((value, i) => {
        const td = document.createElement('td');
        td.textContent = String(value);
        if (columns[i][1] === 'text')
            td.classList.add('text');
        tr.appendChild(td);
    });
    return tr;
}

function groupTable(group) {
    const section = document.createElement('section');
    const h2 = document.createElement('h2');
    h2.textContent = group.name;
    section.appendChild(h2);
    const clients = group.clients || [];
    if (clients.length === 0) {
        const p = document.createElement('p');
        p.className = 'empty';
        p.textContent = 'Nobody is in this group.';
        section.appendChild(p);
        return section;
    }
    const table = document.createElement('table');
    const head = document.createElement('tr');
    for (const [name, type] of columns) {
        const th = document.createElement('th');
        th.textContent = name;
        if (type === 'text')
            th.classList.add('text');
        head.appendChild(th);
    }
    table.appendChild(head);
    for (const client of clients) {
        let first = true;
        for (const [direction, conns] of [['up', client.up || []], ['down', client.down || []]]) {
            for (const conn of conns) {
                for (const track of conn.tracks || []) {
                    table.appendChild(row(trackCells(client, direction, conn, track), first ? 'client' : ''));
                    first = false;
                }
            }
        }
        if (first) {
            const cells = columns.map(() => '');
            cells[0] = client.id;
            cells[1] = client.username || '';
            table.appendChild(row(cells, 'client'));
        }
    }
    section.appendChild(table);
    return section;
}

async function refresh() {
    const status = document.getElementById('status');
    try {
        const response = await fetch('/stats.json', {credentials: 'same-origin', cache: 'no-store'});
        if (!response.ok)
            throw new Error(response.status === 401
                ? 'the server wants an administrator\'s name and password; reload the page to give them'
                : 'the server answered ' + response.status);
        const groups = await response.json();
        const container = document.getElementById('groups');
        container.replaceChildren(...groups.map(groupTable));
        status.textContent = groups.length === 0
            ? 'No group is in use.'
            : 'Updated ' + new Date().toLocaleTimeString() + '.';
        status.classList.remove('error');
    } catch (e) {
        status.textContent = 'Could not read the statistics: ' + e.message + '.';
        status.classList.add('error');
    }
}

refresh();
setInterval(refresh, 1000);
