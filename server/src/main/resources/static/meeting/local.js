// What this participant sends: camera and microphone, screen shares and a
// played video file, with the settings that shape them.

import { THROUGHPUT } from './streams.js';
import { showTile, removeTile } from './videos.js';
import { settings } from './settings.js';

/** True when this engine can do WebRTC media at all (JavaFX WebView cannot). */
export function mediaCapable() {
    return typeof RTCPeerConnection === 'function' &&
        !!navigator.mediaDevices && typeof navigator.mediaDevices.getUserMedia === 'function';
}

export class LocalMedia {
    /**
     * @param {import('./protocol.js').Connection} conn
     * @param {import('./streams.js').StreamSet} streams
     * @param {() => void} changed - called when what we send changes
     */
    constructor(conn, streams, changed) {
        this.conn = conn;
        this.streams = streams;
        this.changed = changed;
        /** @type {MediaStream|null} */
        this.camera = null;
        /** @type {MediaStream|null} */
        this.screen = null;
        /** @type {HTMLVideoElement|null} */
        this.filePlayer = null;
        this.muted = false;
    }

    options() {
        const s = settings();
        const bps = THROUGHPUT[s.throughput] === undefined ? THROUGHPUT.normal : THROUGHPUT[s.throughput];
        let simulcast;
        if (s.simulcast === 'on') simulcast = true;
        else if (s.simulcast === 'off') simulcast = false;
        else simulcast = Object.keys(this.conn.users).length >= 3 && (bps === null || bps >= 500000);
        return { bps, simulcast: simulcast && !s.blackboard };
    }

    /** @param {'both'|'mike'} [what] */
    async enable(what) {
        if (!this.conn.can('present')) throw new Error('You are not allowed to present in this group.');
        const s = settings();
        const audioOnly = what === 'mike' || s.audioOnly;
        const constraints = {
            audio: s.mic ? { deviceId: { exact: s.mic } } : true,
            video: audioOnly ? false : {
                ...(s.camera ? { deviceId: { exact: s.camera } } : {}),
                ...(s.blackboard ? { width: { ideal: 1920 }, height: { ideal: 1080 }, frameRate: { ideal: 5 } } : {}),
            },
        };
        let stream;
        try {
            stream = await navigator.mediaDevices.getUserMedia(constraints);
        } catch (e) {
            throw new Error(explainMediaError(e));
        }
        if (s.blackboard)
            stream.getVideoTracks().forEach(t => { if ('contentHint' in t) t.contentHint = 'detail'; });
        this.sendCamera(stream);
    }

    /** @param {MediaStream} stream - from the camera and microphone */
    sendCamera(stream) {
        if (this.camera !== stream) this.stopCamera();
        this.camera = stream;
        stream.getAudioTracks().forEach(t => { t.enabled = !this.muted; });
        this.streams.publish('camera', stream, this.options()).onclose = () => this.dropped('camera');
        showTile('local-camera', stream, { name: this.conn.username || 'You', label: 'camera', local: true });
        this.changed();
    }

    disable() {
        this.streams.unpublish('camera');
        this.stopCamera();
        this.changed();
    }

    stopCamera() {
        if (!this.camera) return;
        this.camera.getTracks().forEach(t => t.stop());
        this.camera = null;
        removeTile('local-camera');
    }

    /** The server aborted one of our streams, or it was replaced. @param {string} label */
    dropped(label) {
        if (Object.values(this.streams.up).some(u => u.label === label)) return; // replaced, still sending
        if (label === 'camera') this.stopCamera();
        if (label === 'screenshare') this.stopScreen();
        if (label === 'video') this.stopFile();
        this.changed();
    }

    /** @param {boolean} muted */
    setMuted(muted) {
        this.muted = muted;
        if (this.camera) this.camera.getAudioTracks().forEach(t => { t.enabled = !muted; });
        this.changed();
    }

    async shareScreen() {
        if (!this.conn.can('present')) throw new Error('You are not allowed to present in this group.');
        if (!navigator.mediaDevices || !navigator.mediaDevices.getDisplayMedia)
            throw new Error('This browser cannot share the screen.');
        let stream;
        try {
            stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: true });
        } catch (e) {
            throw new Error(explainMediaError(e));
        }
        this.sendScreen(stream);
    }

    /** @param {MediaStream} stream - from the screen */
    sendScreen(stream) {
        if (this.screen !== stream) this.stopScreen();
        this.screen = stream;
        stream.getVideoTracks().forEach(t => {
            if ('contentHint' in t) t.contentHint = 'detail';
            t.onended = () => this.unshareScreen();  // the browser's own "stop sharing"
        });
        this.streams.publish('screenshare', stream, { ...this.options(), simulcast: false })
            .onclose = () => this.dropped('screenshare');
        showTile('local-screen', stream, { name: this.conn.username || 'You', label: 'screenshare', local: true });
        this.changed();
    }

    unshareScreen() {
        this.streams.unpublish('screenshare');
        this.stopScreen();
        this.changed();
    }

    stopScreen() {
        if (!this.screen) return;
        this.screen.getTracks().forEach(t => t.stop());
        this.screen = null;
        removeTile('local-screen');
    }

    /** Plays a local video file to everyone. @param {File} file */
    async playFile(file) {
        if (!this.conn.can('present')) throw new Error('You are not allowed to present in this group.');
        this.stopFile();
        const v = /** @type {HTMLVideoElement} */ (document.createElement('video'));
        v.src = URL.createObjectURL(file);
        v.controls = true;
        v.playsInline = true;
        await v.play();
        const capture = /** @type {any} */ (v).captureStream || /** @type {any} */ (v).mozCaptureStream;
        if (!capture) { URL.revokeObjectURL(v.src); throw new Error('This browser cannot stream a video file.'); }
        const stream = capture.call(v);
        this.filePlayer = v;
        v.onended = () => this.stopFile(true);
        const publish = () => {
            if (!stream.getTracks().length) return;
            this.streams.publish('video', stream, { ...this.options(), simulcast: false }).onclose = () => this.dropped('video');
        };
        // Tracks appear once the element has decoded some media.
        if (stream.getTracks().length) publish(); else v.addEventListener('loadeddata', publish, { once: true });
        showTile('local-file', stream, { name: file.name, label: 'video', local: true });
        this.changed();
    }

    /** @param {boolean} [unpublish] */
    stopFile(unpublish) {
        if (unpublish) this.streams.unpublish('video');
        if (!this.filePlayer) return;
        this.filePlayer.pause();
        URL.revokeObjectURL(this.filePlayer.src);
        this.filePlayer = null;
        removeTile('local-file');
        this.changed();
    }

    /**
     * The connection was lost and the page reconnects: what is sent stays captured (the same
     * devices, no new permission prompt, a screen share goes on) for {@link resume} on the next
     * connection. A played file stops.
     * @returns {{camera: MediaStream|null, screen: MediaStream|null, muted: boolean}}
     */
    keep() {
        const kept = { camera: this.camera, screen: this.screen, muted: this.muted };
        this.camera = null;
        this.screen = null;
        this.stopFile();
        return kept;
    }

    /** Sends again, on this connection, what {@link keep} kept; stops it if presenting is no longer allowed. */
    resume(kept) {
        this.muted = kept.muted;
        const allowed = this.conn.can('present');
        for (const [stream, send] of [[kept.camera, s => this.sendCamera(s)], [kept.screen, s => this.sendScreen(s)]]) {
            if (!stream) continue;
            if (allowed && stream.getTracks().some(t => t.readyState === 'live')) send(stream);
            else stream.getTracks().forEach(t => t.stop());
        }
        this.changed();
    }

    stopAll() {
        this.streams.unpublish('camera');
        this.streams.unpublish('screenshare');
        this.stopCamera();
        this.stopScreen();
        this.stopFile(true);
    }
}

/** @param {any} e */
function explainMediaError(e) {
    switch (e && e.name) {
    case 'NotAllowedError': return 'The browser was not allowed to use the device; allow it in the address bar and try again.';
    case 'NotFoundError': return 'No camera or microphone was found; plug one in or turn on "Camera off (audio only)".';
    case 'NotReadableError': return 'The device is busy in another application; close it and try again.';
    case 'OverconstrainedError': return 'The chosen camera or microphone is not available; choose another in Settings.';
    default: return `Could not start the device: ${e && e.message ? e.message : e}`;
    }
}

/** Fills the camera and microphone menus. */
export async function listDevices() {
    if (!navigator.mediaDevices || !navigator.mediaDevices.enumerateDevices) return { cameras: [], mics: [] };
    const all = await navigator.mediaDevices.enumerateDevices();
    return {
        cameras: all.filter(d => d.kind === 'videoinput'),
        mics: all.filter(d => d.kind === 'audioinput'),
    };
}
