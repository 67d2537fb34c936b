'use strict';

// The connectivity check: for each path audio and video may take (direct UDP,
// ICE over TCP, the TURN relay over UDP and over TCP), a peer connection that
// may use only that path, answered by a short-lived probe on the server's real
// media ports (POST /.connectivity). A path works when ICE and DTLS complete
// over it; the selected candidate pair is checked to be the path under test.

/** How long one path may take before it counts as failing. */
const TIMEOUT_MS = 15000;

const PATHS = ['udp', 'tcp', 'turn-udp', 'turn-tcp'];

/** @param {string} id */
function row(id) {
    return document.getElementById('path-' + id);
}

/**
 * @param {string} id
 * @param {'works'|'fails'|'off'|'running'} state
 * @param {string} text
 * @param {number|null} ms
 */
function show(id, state, text, ms) {
    const r = row(id);
    r.dataset.state = state;
    r.querySelector('.result').textContent = text;
    r.querySelector('.time').textContent = ms === null ? '' : `${Math.round(ms)} ms`;
}

/** The RTCConfiguration that leaves a peer connection only this path, or null when the server offers none. */
function configurationFor(id, info) {
    switch (id) {
    case 'udp': return { iceServers: [] };
    case 'tcp': return info.tcp ? { iceServers: [] } : null;
    case 'turn-udp': return info.turn && info.turn.udp ? { iceServers: [info.turn.udp], iceTransportPolicy: 'relay' } : null;
    case 'turn-tcp': return info.turn && info.turn.tcp ? { iceServers: [info.turn.tcp], iceTransportPolicy: 'relay' } : null;
    }
    return null;
}

/** Whether the selected pair's local candidate is the path under test. */
function isPath(id, local) {
    if (!local) return false;
    switch (id) {
    case 'udp': return local.protocol === 'udp' && local.candidateType !== 'relay';
    case 'tcp': return local.protocol === 'tcp' && local.candidateType !== 'relay';
    case 'turn-udp': return local.candidateType === 'relay' && local.relayProtocol === 'udp';
    case 'turn-tcp': return local.candidateType === 'relay' && local.relayProtocol === 'tcp';
    }
    return false;
}

/** @param {RTCPeerConnection} pc */
async function selectedLocalCandidate(pc) {
    const stats = await pc.getStats();
    let local = null;
    stats.forEach(s => {
        if (s.type === 'transport' && s.selectedCandidatePairId) {
            const pair = stats.get(s.selectedCandidatePairId);
            local = pair ? stats.get(pair.localCandidateId) : null;
        }
    });
    return local;
}

/** @param {RTCPeerConnection} pc */
function connected(pc) {
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no answer from the server on this path')), TIMEOUT_MS);
        const check = () => {
            if (pc.connectionState === 'connected') {
                clearTimeout(timer);
                resolve();
            } else if (pc.connectionState === 'failed') {
                clearTimeout(timer);
                reject(new Error('the connection failed'));
            }
        };
        pc.onconnectionstatechange = check;
        check();
    });
}

/**
 * Tries one path; resolves to {state, text, ms}.
 * @param {string} id
 * @param {any} info - what GET /.connectivity said
 */
async function probe(id, info) {
    const conf = configurationFor(id, info);
    if (!conf) {
        return { state: 'off', text: id === 'tcp' ? 'not offered (ICE over TCP is off)' : 'not offered (no built-in TURN server)', ms: null };
    }
    const pc = new RTCPeerConnection(conf);
    const start = performance.now();
    try {
        pc.addTransceiver('audio', { direction: 'recvonly' });
        await pc.setLocalDescription(await pc.createOffer());
        const r = await fetch('/.connectivity', {
            method: 'POST', headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ path: id, sdp: pc.localDescription.sdp }),
        });
        if (!r.ok) {
            return { state: 'fails', text: `not tested: ${(await r.text()).trim()}`, ms: null };
        }
        await pc.setRemoteDescription({ type: 'answer', sdp: (await r.json()).sdp });
        await connected(pc);
        const ms = performance.now() - start;
        const local = await selectedLocalCandidate(pc);
        if (!isPath(id, local)) {
            return { state: 'fails', text: 'connected, but by another path', ms };
        }
        return { state: 'works', text: 'works', ms };
    } catch (e) {
        return { state: 'fails', text: `fails: ${e.message}`, ms: performance.now() - start };
    } finally {
        pc.close();
    }
}

/** @param {string} text @param {string} [code] */
function advise(text, code) {
    const li = document.createElement('li');
    li.textContent = text;
    if (code) {
        const c = document.createElement('code');
        c.textContent = code;
        li.append(' ', c);
    }
    document.getElementById('advice-list').append(li);
}

/** What to change, from what worked and what the server offers. */
function giveAdvice(results, info) {
    const list = document.getElementById('advice-list');
    list.replaceChildren();
    const works = id => results[id].state === 'works';
    const any = PATHS.some(works);
    const summary = document.getElementById('summary');
    if (works('udp')) {
        summary.textContent = 'Audio and video reach the server directly: meetings will work from here.';
    } else if (any) {
        summary.textContent = 'Audio and video reach the server, but not by the fastest path: meetings will work, '
            + 'perhaps with more delay.';
    } else {
        summary.textContent = 'No path reaches the server\'s media from this network: you would see and hear nobody.';
    }
    if (!works('udp')) {
        advise('Server operator: open the UDP media ports in the server\'s firewall (the -udp-range flag sets them):',
            `UDP ${info.udp.ports}`);
    }
    if (!works('tcp')) {
        if (info.tcp) {
            advise('Server operator: open the ICE-TCP port in the server\'s firewall (the -ice-tcp flag sets it):',
                `TCP ${info.tcp.port}`);
        } else {
            advise('Server operator: ICE over TCP is off; start the server with -ice-tcp auto (the port after '
                + 'the web port) or -ice-tcp :PORT for networks that let only TCP out.');
        }
    }
    if (!info.turn) {
        advise('Server operator: no built-in TURN server runs. Start the server with -turn auto (port 1194, '
            + 'when there is no data/ice-servers.json) or -turn :PORT; participants joining a group also get the '
            + 'servers of data/ice-servers.json, which this page does not test.');
    } else if (!works('turn-udp') || !works('turn-tcp')) {
        const url = (info.turn.udp || info.turn.tcp).urls[0];
        const port = (url.match(/:(\d+)(\?|$)/) || [])[1] || '1194';
        advise('Server operator: open the TURN port for UDP and TCP in the firewall; behind port forwarding, '
            + 'start the server with -turn PUBLIC-ADDRESS:PORT so that clients are told the public address:',
            `UDP and TCP ${port}`);
    }
    if (!any) {
        advise('Participant: your network lets nothing through to these ports. Try another network (a phone\'s '
            + 'hotspot), turn off a VPN, or ask your network\'s administrator; a TURN server on TCP port 443, '
            + 'given to participants in data/ice-servers.json, passes most firewalls.');
    }
    document.getElementById('advice').hidden = list.children.length === 0;
}

async function run() {
    const button = document.getElementById('run');
    button.disabled = true;
    document.getElementById('summary').textContent = 'Checking…';
    PATHS.forEach(id => show(id, 'running', 'checking…', null));
    try {
        if (typeof RTCPeerConnection !== 'function') {
            document.getElementById('summary').textContent = 'This browser cannot make audio and video connections (WebRTC).';
            return;
        }
        const r = await fetch('/.connectivity', { cache: 'no-store' });
        if (!r.ok) {
            document.getElementById('summary').textContent = `The server offers no connectivity check (${r.status}).`;
            return;
        }
        const info = await r.json();
        const results = {};
        await Promise.all(PATHS.map(async id => {
            results[id] = await probe(id, info);
            show(id, results[id].state, results[id].text, results[id].ms);
        }));
        giveAdvice(results, info);
        document.body.dataset.done = 'true';
    } catch (e) {
        document.getElementById('summary').textContent = `The check could not run: ${e.message}`;
    } finally {
        button.disabled = false;
    }
}

document.getElementById('run').addEventListener('click', () => {
    delete document.body.dataset.done;
    run();
});
run();
