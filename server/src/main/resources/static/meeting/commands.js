// The chat command line: parsing and the table of commands. Pure logic over a
// context object supplied by the page, so it can be tested on its own.

/**
 * Splits a line into its first word (which may be quoted, with backslash
 * escapes) and the rest.
 * @param {string} line
 * @returns {[string, string]}
 */
export function splitFirst(line) {
    let i = 0;
    while (i < line.length && line[i] === ' ') i++;
    let end = ' ';
    if (line[i] === '"' || line[i] === "'") end = line[i++];
    let first = '';
    while (i < line.length && line[i] !== end) {
        if (line[i] === '\\' && i + 1 < line.length) i++;
        first += line[i++];
    }
    if (i < line.length) i++;
    while (i < line.length && line[i] === ' ') i++;
    return [first, line.slice(i)];
}

const UNIT_MS = { s: 1000, min: 60000, h: 3600000, d: 86400000, mon: 31 * 86400000, yr: 365 * 86400000 };

/**
 * An expiration: a duration such as 2h or 30min (milliseconds from now, as the
 * server expects), or a date. Empty gives null.
 * @param {string} s
 * @returns {number|string|null}
 */
export function parseExpiration(s) {
    if (!s) return null;
    const m = /^([0-9]+)(s|min|h|d|mon|yr)$/.exec(s);
    if (m) return parseInt(m[1], 10) * UNIT_MS[m[2]];
    const d = new Date(s);
    if (isNaN(d.getTime()))
        throw new Error(`"${s}" is neither a duration (30min, 2h, 7d) nor a date.`);
    return d.toISOString();
}

/**
 * The token inside an invitation link, or the text itself if it is a bare token.
 * @param {string} s
 */
export function parseToken(s) {
    s = s.trim();
    if (!/^https?:\/\//.test(s)) return s;
    const t = new URL(s).searchParams.get('token');
    if (!t) throw new Error('That link has no token in it.');
    return t;
}

/**
 * The words of a line, each possibly quoted.
 * @param {string} line
 * @returns {string[]}
 */
export function words(line) {
    const out = [];
    let rest = line.trim();
    while (rest) {
        const [w, more] = splitFirst(rest);
        out.push(w);
        rest = more;
    }
    return out;
}

const DURATION_RE = /^[0-9]+(s|min|h|d|mon|yr)$/;
const DATE_RE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}/;

/**
 * The arguments of /invite: [-register] [username] [lifetime] [max-uses].
 * Words are told apart by their shape: a duration (2h, 7d) or a date is the
 * lifetime, a plain number the number of uses, anything else the user name.
 * @param {string} rest
 * @returns {{kind?: string, username?: string, expires?: number|string, 'max-uses'?: number}}
 */
export function parseInvite(rest) {
    /** @type {Record<string, any>} */
    const t = {};
    for (const w of words(rest)) {
        if (w === '-register' || w === '-join') {
            if (w === '-register') t.kind = 'register';
        } else if (w.startsWith('-')) {
            throw new Error(`Unknown option ${w}; /invite knows only -register.`);
        } else if (/^[0-9]+$/.test(w)) {
            if ('max-uses' in t) throw new Error('/invite takes one number of uses.');
            const n = parseInt(w, 10);
            if (n < 1) throw new Error('The number of uses must be at least 1.');
            t['max-uses'] = n;
        } else if (DURATION_RE.test(w) || DATE_RE.test(w)) {
            if ('expires' in t) throw new Error('/invite takes one lifetime.');
            t.expires = parseExpiration(w);
        } else if (!('username' in t) && !('expires' in t) && !('max-uses' in t)) {
            t.username = w;
        } else {
            throw new Error(`"${w}" is not a lifetime (30min, 2h, 7d) or a number of uses; ` +
                'the order is /invite [-register] [username] [lifetime] [max-uses].');
        }
    }
    return t;
}

const DAY = UNIT_MS.d;

/**
 * @typedef {Object} Ctx
 * @property {import('./protocol.js').Connection} conn
 * @property {string} group
 * @property {(text: string) => void} say      - show a local message
 * @property {(dest: string, text: string) => void} sentPrivately - show an own private message
 * @property {() => void} clearLocalChat
 * @property {() => void} leave
 * @property {() => Promise<void>} shareScreen
 * @property {() => void} unshareScreen
 * @property {() => void} renegotiate
 * @property {(userId: string) => void} sendFile
 * @property {(key: string, value: string) => void} set
 * @property {(key: string) => void} unset
 */

const isOp = c => c.conn.can('op') ? null : 'You are not an operator.';
const canRecord = c => c.conn.can('record') ? null : 'You are not allowed to record.';
// Members who may present can make registration invitations where the group sets
// allow-user-invites; the page cannot see that setting, so the server decides.
const canMakeToken = c => c.conn.can('token') || c.conn.can('present') ? null : 'You are not allowed to create invitations.';
const canEditTokens = c => c.conn.can('token') && c.conn.can('op') ? null :
      'You are not allowed to edit or list invitations.';
const canPresent = c => c.conn.can('present') ? null : 'You are not allowed to present.';
const hasWebRTC = () => typeof RTCPeerConnection === 'function' ? null :
      'This browser cannot send media or files; open the meeting in a web browser.';

/** @param {Ctx} c @param {string} who */
export function findUser(c, who) {
    if (!who) return null;
    if (c.conn.users[who]) return who;
    for (const [id, u] of Object.entries(c.conn.users))
        if (u.username === who) return id;
    return null;
}

/** @param {Ctx} c @param {string} cmd @param {string} rest */
function userAndRest(c, cmd, rest) {
    const [who, more] = splitFirst(rest);
    if (!who) throw new Error(`/${cmd} needs a user name.`);
    const id = findUser(c, who);
    if (!id) throw new Error(`There is no user called ${who} here.`);
    return [id, more];
}

const byAction = (c, cmd, rest) => {
    const [id, more] = userAndRest(c, cmd, rest);
    c.conn.userAction(cmd, id, more);
};

/** @param {Ctx} c @param {Object} template */
export function makeToken(c, template) {
    const v = { group: c.group, expires: DAY, ...template };
    if (!v.permissions)
        v.permissions = ['present', 'message'].filter(p => c.conn.can(p));
    c.conn.groupAction('maketoken', v);
}

/** @type {Record<string, {params?: string, help: string, allowed?: (c: Ctx) => string|null, run: (c: Ctx, rest: string, cmd: string) => any}>} */
export const commands = {
    help: { help: 'list the commands you may use', run: c => c.say(helpText(c)) },
    me: { params: 'text', help: 'describe what you are doing', run: (c, r) => c.conn.chat('me', '', r) },
    msg: {
        params: 'user message', help: 'send a private message',
        run: (c, r) => {
            const [id, text] = userAndRest(c, 'msg', r);
            if (!text) throw new Error('/msg needs a message after the user name.');
            c.conn.chat('', id, text);
            c.sentPrivately(id, text);
        },
    },
    leave: { help: 'leave the meeting', run: c => c.leave() },
    clear: { help: 'clear the chat for everyone', allowed: isOp, run: c => c.conn.groupAction('clearchat') },
    lock: { params: '[message]', help: 'lock the group', allowed: isOp, run: (c, r) => c.conn.groupAction('lock', r) },
    unlock: { help: 'unlock the group', allowed: isOp, run: c => c.conn.groupAction('unlock') },
    record: { help: 'start recording', allowed: canRecord, run: c => c.conn.groupAction('record') },
    unrecord: { help: 'stop recording', allowed: canRecord, run: c => c.conn.groupAction('unrecord') },
    subgroups: { help: 'list subgroups', allowed: isOp, run: c => c.conn.groupAction('subgroups') },
    invite: {
        params: '[-register] [username] [lifetime] [max-uses]',
        help: 'create an invitation link (-register: they create an account; e.g. /invite -register bob 7d 1)',
        allowed: canMakeToken,
        run: (c, r) => {
            const t = parseInvite(r);
            if (!c.conn.can('token') && t.kind !== 'register')
                throw new Error('You may not create join invitations; where the group allows it, /invite -register makes an invitation to create an account.');
            makeToken(c, t);
        },
    },
    reinvite: {
        params: 'link [expiration]', help: 'extend an invitation link', allowed: canEditTokens,
        run: (c, r) => {
            const [link, exp] = splitFirst(r);
            if (!link) throw new Error('/reinvite needs the link.');
            const e = parseExpiration(exp.trim());
            c.conn.groupAction('edittoken', { token: parseToken(link), expires: e === null ? DAY : e });
        },
    },
    revoke: {
        params: 'link', help: 'revoke an invitation link', allowed: canEditTokens,
        run: (c, r) => {
            if (!r.trim()) throw new Error('/revoke needs the link.');
            c.conn.groupAction('edittoken', { token: parseToken(r), expires: -1000 });
        },
    },
    listtokens: { help: 'list invitation links', allowed: canEditTokens, run: c => c.conn.groupAction('listtokens') },
    renegotiate: { help: 'renegotiate media streams', allowed: hasWebRTC, run: c => c.renegotiate() },
    sharescreen: {
        help: 'share your screen',
        allowed: c => hasWebRTC() || canPresent(c),
        run: c => c.shareScreen(),
    },
    unsharescreen: { help: 'stop sharing your screen', allowed: hasWebRTC, run: c => c.unshareScreen() },
    kick: { params: 'user [message]', help: 'kick out a user', allowed: isOp, run: byAction },
    identify: { params: 'user [message]', help: "show a user's address", allowed: isOp, run: byAction },
    op: { params: 'user', help: 'make a user an operator', allowed: isOp, run: byAction },
    unop: { params: 'user', help: "take away a user's operator rights", allowed: isOp, run: byAction },
    present: { params: 'user', help: 'let a user present', allowed: isOp, run: byAction },
    unpresent: { params: 'user', help: 'stop a user from presenting', allowed: isOp, run: byAction },
    shutup: { params: 'user', help: 'stop a user from chatting', allowed: isOp, run: byAction },
    unshutup: { params: 'user', help: 'let a user chat again', allowed: isOp, run: byAction },
    mute: {
        params: 'user', help: "mute a user's microphone", allowed: isOp,
        run: (c, r) => {
            const [id] = userAndRest(c, 'mute', r);
            c.conn.userMessage('mute', id, null);
        },
    },
    muteall: { help: 'mute every microphone', allowed: isOp, run: c => c.conn.userMessage('mute', '', null, true) },
    warn: {
        params: 'user message', help: 'send a warning to a user', allowed: isOp,
        run: (c, r) => {
            const [id, text] = userAndRest(c, 'warn', r);
            if (!text) throw new Error('/warn needs a message after the user name.');
            c.conn.userMessage('warning', id, text);
        },
    },
    wall: {
        params: 'message', help: 'send a warning to everyone', allowed: isOp,
        run: (c, r) => {
            if (!r.trim()) throw new Error('/wall needs a message.');
            c.conn.userMessage('warning', '', r);
        },
    },
    raise: { help: 'raise your hand', run: c => c.conn.userAction('setdata', c.conn.id, { raisehand: true }) },
    unraise: { help: 'lower your hand', run: c => c.conn.userAction('setdata', c.conn.id, { raisehand: null }) },
    sendfile: {
        params: 'user', help: 'send a file to a user', allowed: hasWebRTC,
        run: (c, r) => {
            const [id] = userAndRest(c, 'sendfile', r);
            c.sendFile(id);
        },
    },
    set: {
        params: 'key value', help: 'change a setting (e.g. /set simulcast off)',
        run: (c, r) => {
            const [k, v] = splitFirst(r);
            if (!k) throw new Error('/set needs a setting name and a value.');
            c.set(k, v);
        },
    },
    unset: {
        params: 'key', help: 'reset a setting to its default',
        run: (c, r) => {
            const [k] = splitFirst(r);
            if (!k) throw new Error('/unset needs a setting name.');
            c.unset(k);
        },
    },
};

/** @param {Ctx} c */
export function helpText(c) {
    return Object.entries(commands)
        .filter(([, d]) => !d.allowed || d.allowed(c) === null)
        .map(([n, d]) => `/${n}${d.params ? ' ' + d.params : ''}: ${d.help}`)
        .join('\n');
}

/**
 * Runs one line typed into the chat box. A line starting with "//" is sent as
 * text starting with "/". Errors are thrown as sentences for the user.
 * @param {Ctx} c
 * @param {string} line
 */
export function runLine(c, line) {
    if (!line.startsWith('/') || line.startsWith('//')) {
        const text = line.startsWith('//') ? line.slice(1) : line;
        if (text.trim()) c.conn.chat('', '', text);
        return;
    }
    const sp = line.indexOf(' ');
    const name = (sp < 0 ? line.slice(1) : line.slice(1, sp)).toLowerCase();
    const rest = sp < 0 ? '' : line.slice(sp + 1);
    const cmd = Object.prototype.hasOwnProperty.call(commands, name) ? commands[name] : null;
    if (!cmd) throw new Error(`Unknown command /${name}; type /help for the list.`);
    const refusal = cmd.allowed ? cmd.allowed(c) : null;
    if (refusal) throw new Error(refusal);
    return cmd.run(c, rest, name);
}
