// The meeting page: connects, joins, and ties the parts together.

import { Connection } from './protocol.js';
import { waitForBridge, bridgePresent } from './transport.js';
import { StreamSet } from './streams.js';
import { FileTransfers } from './files.js';
import { LocalMedia, mediaCapable } from './local.js';
import { ChatView } from './chat.js';
import { UserList } from './users.js';
import { LoginDialog, fetchStatus, groupFromPath, takeTokenFromUrl, remembered, remember, askAuthServer, refusal } from './login.js';
import { runLine } from './commands.js';
import { settings, setByName, unsetByName, requestFor } from './settings.js';
import { showTile, removeTile, refreshTile, removeAllTiles, setSpeaking, layout } from './videos.js';
import { $, notify, show } from './dom.js';
import { decorate } from './icons.js';
import { Controls } from './controls.js';
import { showTransfer } from './transferview.js';
import { InvitationCard, fetchInvitation, registerWithInvitation, describeToken } from './invitation.js';
import { PasswordDialog } from './password.js';
import { shouldReconnect, reconnectDelay } from './reconnect.js';

const page = {
    group: groupFromPath(),
    status: /** @type {Record<string, any>} */ ({}),
    /** whether .status must be read again before connecting: the last connection was lost */
    statusStale: false,
    /** @type {Connection|null} */
    conn: null,
    /** @type {StreamSet|null} */
    streams: null,
    /** @type {FileTransfers|null} */
    files: null,
    /** @type {LocalMedia|null} */
    media: null,
    /** @type {ChatView|null} */
    chat: null,
    /** @type {UserList|null} */
    users: null,
    token: /** @type {string|null} */ (null),
    /** credentials of the join in progress, to retry or remember */
    pending: /** @type {any} */ (null),
    /**
     * The rejoin credential of the last join with an invitation (docs/web-client.md,
     * "Reconnecting"): a reconnection joins with it, so that it spends no use. Memory only.
     * @type {{username: string, token: string}|null}
     */
    rejoin: null,
    leaving: false,
    /** who sent the `kicked` message of this connection: '', 'server' or 'operator' */
    kickedBy: '',
    /** why the server sent us away, shown on the login dialog */
    farewell: '',
    /**
     * While the page makes a lost connection again by itself: the try, its timer, and the
     * media still captured to send again once back (the credentials are page.pending's, in memory only).
     * @type {{attempt: number, timer: any, kept: ReturnType<LocalMedia['keep']>}|null}
     */
    reconnect: null,
    inviteWaiting: false,
    /** the invitation the page was opened with, while its card is in use */
    invitation: /** @type {import('./invitation.js').Invitation|null} */ (null),
    /** the account just created with a registration invitation, to greet once joined */
    registered: '',
};

const login = new LoginDialog();
const card = new InvitationCard();
const passwordDialog = new PasswordDialog();
const controls = new Controls(page, { leave, runCommand, settingsChanged });

/** What the chat command line may do. */
function commandContext() {
    const p = page;
    return {
        conn: p.conn, group: p.group,
        say: text => p.chat.local(text),
        sentPrivately: (dest, text) => p.chat.sentPrivately(dest, text),
        clearLocalChat: () => p.chat.clear(),
        leave: () => leave(),
        shareScreen: () => p.media.shareScreen(),
        unshareScreen: () => p.media.unshareScreen(),
        renegotiate: () => p.streams.renegotiateAll(),
        sendFile: id => controls.pickFileFor(id),
        set: (k, v) => { setByName(k, v); controls.reflectSettings(); settingsChanged(k); },
        unset: k => { unsetByName(k); controls.reflectSettings(); settingsChanged(k); },
    };
}

/** @param {string} line */
async function runCommand(line) {
    try {
        await runLine(commandContext(), line);
    } catch (e) {
        notify(e.message || String(e), 'error');
    }
}

/** @param {string} key */
function settingsChanged(key) {
    if (!page.conn || !page.conn.group) return;
    if (key === 'receive') sendRequest();
    else if (page.media && page.media.camera && ['throughput', 'simulcast', 'blackboard', 'audioOnly', 'camera', 'mic'].includes(key))
        page.media.enable().catch(e => notify(e.message, 'error'));
}

function sendRequest() {
    page.conn.request(mediaCapable() ? requestFor(settings().receive) : {});
}

/**
 * Opens a connection and joins with the given credentials (with the rejoin credential instead
 * when `how.rejoin` and the last join gave one).
 * @param {{username?: string, password?: string, token?: string}} creds
 * @param {{present?: string, remember?: boolean, probing?: boolean, reconnecting?: boolean, rejoin?: boolean}} how
 */
function connectAndJoin(creds, how) {
    closeConnection();
    const conn = new Connection();
    page.conn = conn;
    page.kickedBy = '';
    page.pending = { creds, how };
    page.streams = new StreamSet(conn);
    page.files = new FileTransfers(conn);
    page.media = new LocalMedia(conn, page.streams, () => controls.reflectMedia());
    page.chat = new ChatView(conn, { replyTo: id => controls.replyTo(id) });
    page.users = new UserList(conn, {
        privateMessage: id => controls.replyTo(id),
        sendFile: id => controls.pickFileFor(id),
        invite: () => controls.openInvite(),
        // as Galène: only who logged in with a name and password (not a token) can prove the old one
        canChangePassword: () => !!(creds.username && creds.password !== undefined && !creds.token),
        changePassword: () => passwordDialog.open(page.group, creds.username || ''),
        canSendFiles: () => typeof RTCPeerConnection === 'function',
    });
    page.users.status = page.status;
    page.streams.ondownstream = s => gotDownStream(s);
    page.streams.onicefailed = () => mediaFailed();
    page.files.onincoming = t => showTransfer(page.chat, t);
    page.files.onoutgoing = t => showTransfer(page.chat, t);

    const joinWith = how.rejoin && page.rejoin ? page.rejoin : creds;
    conn.onconnected = () => conn.join(page.group, joinWith);
    conn.onerror = e => notify(e.message, 'error');
    conn.onclose = (code, reason, wasJoined) => connectionClosed(conn, code, reason, wasJoined);
    conn.onjoined = m => gotJoined(conn, m);
    conn.onuser = (id, kind) => {
        if (kind === 'delete') page.files.userGone(id);
        page.users.render();
    };
    conn.onchat = m => page.chat.add(m);
    conn.onusermessage = m => gotUserMessage(m);
    const connect = () => conn.connect(page.status.endpoint ||
        `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`);
    if (!page.statusStale) {
        connect();
        return;
    }
    // the last connection was lost: in a cluster the group may now be hosted by another node,
    // which .status names (docs/cluster.md)
    fetchStatus().then(s => {
        if (s.endpoint) page.status.endpoint = s.endpoint;
        page.statusStale = false;
        if (page.conn === conn) connect();
    });
}

function closeConnection() {
    const c = page.conn;
    if (!c) return;
    c.onclose = null;
    c.onjoined = null;
    page.media.stopAll();
    page.streams.closeAll();
    page.files.closeAll();
    c.close();
    removeAllTiles();
    page.conn = null;
}

/** @param {Connection} conn @param {any} m */
function gotJoined(conn, m) {
    const how = page.pending ? page.pending.how : {};
    switch (m.kind) {
    case 'fail': {
        page.registered = '';
        if (how.rejoin && page.rejoin && m.error === 'not-authorised') {
            // the rejoin credential no longer admits (expired, the server's key changed…): once
            // more with the credentials the user gave, as a page without one does; a group's
            // own refusal (locked, full: no identifier) is shown as it is
            page.rejoin = null;
            connectAndJoin(page.pending.creds, { ...how, rejoin: false });
            return;
        }
        stopReconnecting();
        if (page.invitation && page.pending && page.pending.creds.token) {
            closeConnection();
            invitationRefused(refusal(m));
            return;
        }
        const needName = m.error === 'need-username' && page.pending && page.pending.creds.token;
        closeConnection();
        showLogin({ usernameOnly: !!needName, error: refusal(m) });
        return;
    }
    case 'redirect':
        closeConnection();
        location.href = String(m.value);
        return;
    case 'leave':
        if (page.kickedBy === 'server') {
            // the server closes the socket next, and its close code says whether to come back
            setTimeout(() => { if (page.conn === conn) conn.close(); }, 3000);
            return;
        }
        closeConnection();
        controls.reflectJoined(false);
        if (!page.leaving || page.farewell) showLogin({ error: page.farewell || (m.value ? `You left the group: ${m.value}` : '') });
        page.leaving = false;
        page.farewell = '';
        return;
    case 'join':
    case 'change':
        Object.assign(page.status, m.status || {});
        controls.setTitle(page.status.displayName || page.group);
        controls.reflectJoined(true);
        page.users.render();
        if (m.kind === 'change') return;
        page.rejoin = typeof m.rejoin === 'string' ? { username: m.username || '', token: m.rejoin } : null;
        if (page.reconnect) reconnected();
        login.close();
        card.close();
        page.invitation = null;
        if (page.registered) {
            notify(`Your account is created: you are logged in as ${page.registered}. Next time, join with this name and password.`);
            page.registered = '';
        }
        if (how.remember && page.pending.creds.password !== undefined)
            remember(page.group, { username: page.pending.creds.username, password: page.pending.creds.password });
        else if (how.remember === false)
            remember(page.group, null);
        page.token = null;
        sendRequest();
        if (page.status.locked) notify('This group is locked.', 'warning');
        if (how.present && conn.can('present') && mediaCapable())
            page.media.enable(how.present === 'mike' ? 'mike' : 'both').catch(e => notify(e.message, 'error'));
    }
}

/** @param {Connection} conn */
function connectionClosed(conn, code, reason, wasJoined) {
    if (page.conn !== conn) return;
    const again = shouldReconnect({ code, joined: wasJoined, reconnecting: !!page.reconnect,
        left: page.leaving && !page.kickedBy, kickedBy: page.kickedBy });
    const kept = again && !page.reconnect ? page.media.keep() : null;
    page.media.stopAll();
    page.streams.closeAll();
    page.files.closeAll();
    removeAllTiles();
    page.conn = null;
    controls.reflectJoined(false);
    if (again) {
        page.leaving = false;
        page.kickedBy = '';
        page.farewell = '';
        reconnectLater(kept);
        return;
    }
    stopReconnecting();
    page.rejoin = null;
    if (page.leaving) {
        page.kickedBy = '';
        showLogin({ error: page.farewell });
        page.leaving = false;
        page.farewell = '';
        return;
    }
    page.statusStale = true;
    const why = reason ? `: ${reason}` : '';
    if (page.invitation && !wasJoined) {
        showCard(page.invitation, `Could not reach the server${why}. Check your connection and try again.`);
        return;
    }
    showLogin({ error: wasJoined ? `The connection to the server was lost${why}. Join again to continue.`
                                 : `Could not reach the server${why}. Check the address and try again.` });
}

/**
 * Tries again after a delay, as the user joined (docs/web-client.md, "Reconnecting").
 * @param {ReturnType<LocalMedia['keep']>|null} kept - what was sent when the connection was lost
 */
function reconnectLater(kept) {
    const r = page.reconnect || (page.reconnect = { attempt: 0, timer: null, kept });
    r.attempt++;
    $('reconnect-text').textContent = `The connection to the server was lost. Reconnecting… attempt ${r.attempt}`;
    show($('reconnect-banner'), true);
    r.timer = setTimeout(() => {
        r.timer = null;
        // in a cluster the group may now be hosted by another node, which .status names
        page.statusStale = true;
        connectAndJoin(page.pending.creds, { reconnecting: true, rejoin: true });
    }, reconnectDelay(r.attempt));
}

/** Back in the group: what was sent is sent again (join sends the request for what is received). */
function reconnected() {
    const kept = page.reconnect.kept;
    clearTimeout(page.reconnect.timer);
    page.reconnect = null;
    show($('reconnect-banner'), false);
    if (kept) page.media.resume(kept);
    notify('Reconnected.');
}

/** No more tries: the media kept for them are released. */
function stopReconnecting() {
    const r = page.reconnect;
    if (!r) return;
    page.reconnect = null;
    clearTimeout(r.timer);
    show($('reconnect-banner'), false);
    if (r.kept) [r.kept.camera, r.kept.screen].forEach(m => m && m.getTracks().forEach(t => t.stop()));
}

$('reconnect-stop').onclick = () => {
    if (page.conn) closeConnection();
    stopReconnecting();
    controls.reflectJoined(false);
    showLogin({ error: 'You stopped reconnecting. Join again when you are ready.' });
};

/** When a stream's media finds no path to the server: once a minute at most, say so and where to look. */
function mediaFailed() {
    const now = Date.now();
    if (page.mediaFailedAt && now - page.mediaFailedAt < 60000) return;
    page.mediaFailedAt = now;
    notify('Audio and video cannot reach the server from this network; the page keeps trying.', 'error',
        { href: '/connectivity.html', text: 'Check the connection' });
}

/** @param {import('./streams.js').DownStream} s */
function gotDownStream(s) {
    const name = () => (page.conn && page.conn.users[s.source] && page.conn.users[s.source].username) || s.username || 'Someone';
    const key = 'down-' + s.id;
    s.ontrack = () => {
        showTile(key, s.stream, { name: name(), label: s.label });
        s.stream.onremovetrack = () => refreshTile(key);
    };
    s.onclose = () => {
        removeTile(key);
        setSpeaking(key, false);
        if (page.users) page.users.setSpeaking(s.source, false);
    };
}

/** @param {any} m */
function gotUserMessage(m) {
    const from = m.username || (m.source ? 'Someone' : 'The server');
    // Only the server or an operator may send these; anything else is forged.
    const trusted = !m.source || m.privileged;
    switch (m.kind) {
    case 'error':
    case 'warning':
    case 'info':
        if (!trusted) return;
        notify(`${from} said: ${m.value}`, m.kind);
        if (m.kind !== 'error') page.chat.local(`${from}: ${m.value}`);
        return;
    case 'kicked':
        if (!trusted) return;
        page.leaving = true;
        page.kickedBy = m.source ? 'operator' : 'server';
        page.farewell = `You were removed from the group by ${from}${m.value ? ': ' + m.value : '.'}`;
        notify(page.farewell, 'error');
        return;
    case 'mute':
        if (!trusted) return;
        page.media.setMuted(true);
        notify(`Your microphone was muted by ${from}.`, 'warning');
        return;
    case 'clearchat':
        if (!trusted) return;
        page.chat.clear(m.value && m.value.id, m.value && m.value.userId);
        return;
    case 'token':
        if (!trusted) return;
        if (m.error) { notify(`The invitation could not be made: ${m.value}`, 'error'); return; }
        controls.gotToken(m.value, page.inviteWaiting);
        page.inviteWaiting = false;
        return;
    case 'tokenlist':
        if (!trusted) return;
        if (m.error) { notify(`The invitations could not be listed: ${m.value}`, 'error'); return; }
        page.chat.local((Array.isArray(m.value) ? m.value : []).map(describeToken).join('\n') || 'There are no invitations.');
        return;
    case 'userinfo':
        if (!trusted || !m.value) return;
        page.chat.local(`${m.value.username || 'That user'} connects from ${m.value.address || 'an unknown address'}.`);
        return;
    default:
        console.warn('Unknown user message', m.kind);
    }
}

function leave() {
    if (!page.conn) return;
    page.leaving = true;
    page.media.stopAll();
    page.conn.leave();
    page.conn.close();
}

/** @param {{usernameOnly?: boolean, error?: string}} o */
function showLogin(o) {
    const saved = remembered(page.group);
    login.open({
        usernameOnly: !!o.usernameOnly,
        username: (page.pending && page.pending.creds.username) || (saved && saved.username) || '',
        password: o.usernameOnly ? '' : (saved && saved.password) || '',
        error: o.error,
        title: page.status.displayName || page.group,
        description: page.status.description || '',
        canPresent: mediaCapable(),
    });
}

login.onsubmit = async f => {
    login.busy(true);
    const how = { present: f.present, remember: f.remember };
    try {
        const token = page.pending && page.pending.creds.token;
        if (token && $('password-field').hidden) {
            connectAndJoin({ username: f.username, token }, how);
        } else if (page.status.authServer) {
            connectAndJoin(await askAuthServer(page.status.authServer, f.username, f.password), { ...how, remember: f.remember ? true : false });
        } else {
            connectAndJoin({ username: f.username, password: f.password }, how);
        }
    } catch (e) {
        login.busy(false);
        login.error(e.message || String(e));
    }
};

/** @param {import('./invitation.js').Invitation} inv @param {string} error */
function showCard(inv, error) {
    card.open(inv, { error, canPresent: mediaCapable(), groupName: page.status.displayName || page.group });
}

/** A join with the invitation was refused: the card again, with what the server now says about it. @param {string} why */
async function invitationRefused(why) {
    const inv = (page.token && await fetchInvitation(page.token)) || page.invitation;
    page.invitation = inv;
    // a card for a spent link explains itself; a still valid one shows the server's sentence
    showCard(inv, inv.state === 'valid' ? why : '');
}

card.onsubmit = async f => {
    const token = page.token;
    if (!token) return;
    card.busy(true);
    const how = { present: f.present };
    if (f.kind === 'join') {
        connectAndJoin({ username: f.username, token }, how);
        return;
    }
    try {
        await registerWithInvitation(token, f.username, f.password);
    } catch (e) {
        const inv = await fetchInvitation(token);
        if (inv && inv.state !== 'valid') { page.invitation = inv; showCard(inv, ''); } else { card.busy(false); card.error(e.message); }
        return;
    }
    page.invitation = null;
    page.token = null;
    page.registered = f.username;
    connectAndJoin({ username: f.username, password: f.password }, how);
};

card.onlogin = () => {
    page.invitation = null;
    page.token = null;
    page.pending = null;
    showLogin({});
};

async function start() {
    decorate();
    const token = takeTokenFromUrl();
    const [status] = await Promise.all([fetchStatus(), waitForBridge(5000)]);
    page.status = status;
    if (status.name) page.group = status.name;
    controls.setTitle(status.displayName || page.group);
    controls.init(bridgePresent(), mediaCapable());
    if (status.missing) {
        showLogin({ error: 'There is no group at this address; check the link.' });
        return;
    }
    const invitation = token ? await fetchInvitation(token) : null;
    if (invitation) {
        page.invitation = invitation;
        page.token = token;
        showCard(invitation, '');
    } else if (token) {
        // A server without invitation pages: the link joins straight away, and the server says if it needs a name.
        connectAndJoin({ token }, { present: '' });
    } else if (status.authPortal) {
        location.href = status.authPortal;
    } else {
        showLogin({});
    }
    layout();
}

/** Marks who is speaking, from the audio level of each incoming stream. */
function watchSpeakers() {
    let busy = false;
    setInterval(async () => {
        if (busy || !page.streams || !page.users || !page.conn) return;
        busy = true;
        try {
            const conn = page.conn, users = page.users;
            const down = Object.values(page.streams.down);
            const levels = await Promise.all(down.map(s => s.audioLevel().catch(() => 0)));
            if (page.conn !== conn) return;
            const loud = new Set();
            down.forEach((s, i) => {
                const on = levels[i] > 0.02;
                setSpeaking('down-' + s.id, on);
                if (on) loud.add(s.source);
            });
            for (const id of Object.keys(conn.users))
                if (id !== conn.id) users.setSpeaking(id, loud.has(id));
        } finally {
            busy = false;
        }
    }, 300);
}

// For the tests and the console: the page's state, read-only by convention.
window.nereidPage = page;
watchSpeakers();
start();
