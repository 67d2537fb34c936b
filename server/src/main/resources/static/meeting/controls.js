// The page's controls: top buttons, panes on narrow screens, the settings
// menu, the chat box, the invitation dialog and the embedded-browser banner.

import { $, show, notify } from './dom.js';
import { linkBox } from './invitation.js';
import { settings, saveSettings } from './settings.js';
import { listDevices } from './local.js';
import { layout } from './videos.js';
import { parseExpiration, makeToken } from './commands.js';

export class Controls {
    /**
     * @param {any} page - the app's state (see app.js)
     * @param {{leave: () => void, runCommand: (line: string) => void, settingsChanged: (key: string) => void}} app
     */
    constructor(page, app) {
        this.page = page;
        this.app = app;
        this.mediaOk = false;
        /** @type {string|null} */
        this.fileTarget = null;
    }

    /** @param {boolean} bridged @param {boolean} mediaOk */
    init(bridged, mediaOk) {
        this.mediaOk = mediaOk;
        document.body.classList.toggle('bridged', bridged);
        document.body.classList.toggle('no-media', !mediaOk);
        show($('bridge-banner'), !mediaOk);
        if (!mediaOk && !bridged)
            $('bridge-text').textContent = 'This browser cannot send or receive audio and video. ' +
                'Chat, the user list and moderation work here; for media, open the meeting in a current web browser.';
        $('open-in-browser').addEventListener('click', () => this.openInBrowser());
        this.wireTopbar();
        this.wirePanes();
        this.wireMenu();
        this.wireChat();
        this.wireInvite();
        this.reflectSettings();
        this.reflectJoined(false);
    }

    openInBrowser() {
        const url = new URL(location.href);
        url.search = '';
        const b = /** @type {any} */ (window).nereidBridge;
        if (b && typeof b.openInBrowser === 'function') b.openInBrowser(url.href);
        else window.open(url.href, '_blank', 'noopener');
    }

    /** @param {string} t */
    setTitle(t) {
        $('title').textContent = t;
        document.title = `${t} – Nereid`;
    }

    wireTopbar() {
        const p = this.page;
        const act = f => () => { try { Promise.resolve(f()).catch(e => notify(e.message, 'error')); } catch (e) { notify(e.message, 'error'); } };
        $('enable').addEventListener('click', act(() => p.media.enable()));
        $('disable').addEventListener('click', act(() => p.media.disable()));
        $('mute').addEventListener('click', act(() => p.media.setMuted(!p.media.muted)));
        $('share').addEventListener('click', act(() => p.media.shareScreen()));
        $('unshare').addEventListener('click', act(() => p.media.unshareScreen()));
        $('raise').addEventListener('click', act(() => {
            const me = p.conn.users[p.conn.id];
            const up = !!(me && me.data && me.data.raisehand);
            p.conn.userAction('setdata', p.conn.id, { raisehand: up ? null : true });
        }));
        $('leave').addEventListener('click', act(() => this.app.leave()));
    }

    wirePanes() {
        const toggle = (button, pane) => {
            $(button).addEventListener('click', () => {
                const open = !document.body.classList.contains(`show-${pane}`);
                document.body.classList.remove('show-users', 'show-chat');
                document.body.classList.toggle(`show-${pane}`, open);
                $('toggle-users').setAttribute('aria-expanded', String(open && pane === 'users'));
                $('toggle-chat').setAttribute('aria-expanded', String(open && pane === 'chat'));
                setTimeout(layout, 0);
            });
        };
        toggle('toggle-users', 'users');
        toggle('toggle-chat', 'chat');
    }

    wireMenu() {
        const menu = $('side-menu');
        const setOpen = open => {
            show(menu, open);
            $('toggle-menu').setAttribute('aria-expanded', String(open));
            if (open) { this.fillDevices(); $('audio-only').focus(); } else $('toggle-menu').focus();
        };
        $('toggle-menu').addEventListener('click', () => setOpen(menu.hidden));
        $('close-menu').addEventListener('click', () => setOpen(false));
        menu.addEventListener('keydown', e => { if (e.key === 'Escape') setOpen(false); });
        const bind = (id, key, read) => $(id).addEventListener('change', e => {
            saveSettings({ [key]: read(e.target) });
            this.app.settingsChanged(key);
        });
        bind('audio-only', 'audioOnly', t => t.checked);
        bind('blackboard', 'blackboard', t => t.checked);
        bind('throughput', 'throughput', t => t.value);
        bind('simulcast', 'simulcast', t => t.value);
        bind('receive', 'receive', t => t.value);
        bind('camera-select', 'camera', t => t.value);
        bind('mic-select', 'mic', t => t.value);
        $('video-file').addEventListener('change', e => {
            const input = /** @type {HTMLInputElement} */ (e.target);
            const f = input.files && input.files[0];
            input.value = '';
            if (f && this.page.media) this.page.media.playFile(f).catch(err => notify(err.message, 'error'));
        });
    }

    async fillDevices() {
        if (!this.mediaOk) return;
        const { cameras, mics } = await listDevices();
        const s = settings();
        const fill = (id, devices, chosen, what) => {
            const sel = /** @type {HTMLSelectElement} */ ($(id));
            sel.textContent = '';
            sel.append(new Option(`Default ${what}`, ''));
            devices.forEach((d, i) => sel.append(new Option(d.label || `${what} ${i + 1}`, d.deviceId)));
            sel.value = devices.some(d => d.deviceId === chosen) ? chosen : '';
        };
        fill('camera-select', cameras, s.camera, 'camera');
        fill('mic-select', mics, s.mic, 'microphone');
    }

    reflectSettings() {
        const s = settings();
        /** @type {HTMLInputElement} */ ($('audio-only')).checked = s.audioOnly;
        /** @type {HTMLInputElement} */ ($('blackboard')).checked = s.blackboard;
        /** @type {HTMLSelectElement} */ ($('throughput')).value = s.throughput;
        /** @type {HTMLSelectElement} */ ($('simulcast')).value = s.simulcast;
        /** @type {HTMLSelectElement} */ ($('receive')).value = s.receive;
    }

    wireChat() {
        const input = /** @type {HTMLTextAreaElement} */ ($('chat-input'));
        const submit = () => {
            const line = input.value;
            if (!line.trim()) return;
            input.value = '';
            const reply = input.dataset.replyTo;
            if (reply && !line.startsWith('/')) {
                delete input.dataset.replyTo;
                input.placeholder = 'Message, or /help';
                this.app.runCommand(`/msg ${JSON.stringify(reply)} ${line}`);
                return;
            }
            this.app.runCommand(line);
        };
        $('chat-form').addEventListener('submit', e => { e.preventDefault(); submit(); });
        input.addEventListener('keydown', e => {
            if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); submit(); }
            if (e.key === 'Escape' && input.dataset.replyTo) {
                delete input.dataset.replyTo;
                input.placeholder = 'Message, or /help';
            }
        });
        $('send-file-input').addEventListener('change', e => {
            const el = /** @type {HTMLInputElement} */ (e.target);
            const f = el.files && el.files[0];
            el.value = '';
            if (f && this.fileTarget) {
                try { this.page.files.sendFile(this.fileTarget, f); } catch (err) { notify(err.message, 'error'); }
            }
            this.fileTarget = null;
        });
    }

    /** Starts a private reply: the next line goes to this user only. @param {string} id */
    replyTo(id) {
        const u = this.page.conn && this.page.conn.users[id];
        if (!u) return;
        const input = /** @type {HTMLTextAreaElement} */ ($('chat-input'));
        input.dataset.replyTo = id;
        input.placeholder = `Private message to ${u.username || 'user'} (Escape to cancel)`;
        document.body.classList.remove('show-users');
        document.body.classList.add('show-chat');
        input.focus();
    }

    /** @param {string} id */
    pickFileFor(id) {
        if (typeof RTCPeerConnection !== 'function') {
            notify('This window cannot send files; open the meeting in a web browser.', 'error');
            return;
        }
        this.fileTarget = id;
        $('send-file-input').click();
    }

    wireInvite() {
        $('invite-create').addEventListener('click', () => {
            const p = this.page;
            const username = /** @type {HTMLInputElement} */ ($('invite-username')).value.trim();
            const uses = /** @type {HTMLInputElement} */ ($('invite-uses')).value.trim();
            /** @type {Record<string, any>} */
            const template = { expires: parseExpiration(/** @type {HTMLSelectElement} */ ($('invite-expires')).value) };
            if (/** @type {HTMLSelectElement} */ ($('invite-kind')).value === 'register') template.kind = 'register';
            if (username) template.username = username;
            if (uses) {
                const n = Number(uses);
                if (!Number.isInteger(n) || n < 1) {
                    notify('The number of uses must be a whole number of at least 1, or empty for no limit.', 'error');
                    $('invite-uses').focus();
                    return;
                }
                template['max-uses'] = n;
            }
            p.inviteWaiting = true;
            makeToken({ conn: p.conn, group: p.group }, template);
        });
    }

    openInvite() {
        /** @type {HTMLInputElement} */ ($('invite-username')).value = '';
        /** @type {HTMLInputElement} */ ($('invite-uses')).value = '';
        // without the token permission, only registration links (where the group allows them)
        const joinLinks = this.page.conn ? this.page.conn.can('token') : false;
        const kind = /** @type {HTMLSelectElement} */ ($('invite-kind'));
        /** @type {HTMLOptionElement} */ (kind.querySelector('option[value=join]')).disabled = !joinLinks;
        kind.value = joinLinks ? 'join' : 'register';
        $('invite-result').textContent = '';
        show($('invite-result'), false);
        /** @type {HTMLDialogElement} */ ($('invite')).showModal();
    }

    /** A new invitation from the server: into the dialog if it asked, else into the chat. @param {any} t @param {boolean} forDialog */
    gotToken(t, forDialog) {
        if (!t || typeof t.token !== 'string') { notify('The server sent a malformed invitation.', 'error'); return; }
        if (forDialog && /** @type {HTMLDialogElement} */ ($('invite')).open) {
            const result = $('invite-result');
            result.textContent = '';
            result.append(linkBox(t, 'invite-link'));
            show(result, true);
            const link = /** @type {HTMLInputElement} */ ($('invite-link'));
            link.focus();
            link.select();
        } else {
            this.page.chat.widget(linkBox(t));
        }
    }

    /** @param {boolean} joined */
    reflectJoined(joined) {
        document.body.classList.toggle('joined', joined);
        /** @type {HTMLTextAreaElement} */ ($('chat-input')).disabled = !joined;
        /** @type {HTMLButtonElement} */ ($('chat-send')).disabled = !joined;
        show($('leave'), joined);
        show($('raise'), joined);
        if (!joined) {
            $('users').textContent = '';
            $('user-count').textContent = '';
        }
        this.reflectMedia();
    }

    reflectMedia() {
        const p = this.page;
        const joined = !!(p.conn && p.conn.group);
        const can = joined && this.mediaOk && p.conn.can('present');
        const m = p.media;
        const camera = !!(m && m.camera);
        show($('enable'), can && !camera);
        show($('disable'), can && camera);
        show($('mute'), can && camera);
        show($('share'), can && !!navigator.mediaDevices?.getDisplayMedia && !(m && m.screen));
        show($('unshare'), can && !!(m && m.screen));
        const muted = !!(m && m.muted);
        $('mute').setAttribute('aria-pressed', String(muted));
        $('mute').querySelector('span').textContent = muted ? 'Unmute' : 'Mute';
        $('mute').classList.toggle('active', muted);
        const me = joined && p.conn.users[p.conn.id];
        const hand = !!(me && me.data && me.data.raisehand);
        $('raise').setAttribute('aria-pressed', String(hand));
        $('raise').querySelector('span').textContent = hand ? 'Lower hand' : 'Raise hand';
    }
}
