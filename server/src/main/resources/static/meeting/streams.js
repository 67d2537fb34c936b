// Media streams over the Galène protocol: streams we send (we offer, the
// server answers) and streams we receive (the server offers, we answer).
// One RTCPeerConnection per stream, as the protocol requires.

import { randomId } from './protocol.js';

/** Bits per second for each sending-quality preset; null means no limit. */
export const THROUGHPUT = { lowest: 150000, low: 300000, normal: 1000000, unlimited: null };

/** The low simulcast layer stays around 100 kbit/s, as the protocol asks. */
const LOW_LAYER_BPS = 100000;

/**
 * Remote ICE candidates may arrive before the description they belong to.
 */
class IceQueue {
    constructor(pc) { this.pc = pc; this.pending = []; }
    add(c) {
        if (!c) return;
        if (this.pc.remoteDescription) this.pc.addIceCandidate(c).catch(e => console.warn('ICE candidate refused', e));
        else this.pending.push(c);
    }
    flush() {
        const p = this.pending;
        this.pending = [];
        p.forEach(c => this.add(c));
    }
}

export class UpStream {
    /**
     * @param {import('./protocol.js').Connection} conn
     * @param {string} label - camera, screenshare or video
     * @param {MediaStream} stream
     * @param {{bps: number|null, simulcast: boolean, replace?: string}} opts
     */
    constructor(conn, label, stream, opts) {
        this.conn = conn;
        this.id = randomId();
        this.label = label;
        this.stream = stream;
        this.replace = opts.replace || null;
        this.closed = false;
        this.onclose = null;  // for the page
        this.onforget = null; // for the StreamSet
        this.pc = new RTCPeerConnection(conn.rtcConfig());
        this.ice = new IceQueue(this.pc);
        this.pc.onicecandidate = e => {
            if (e.candidate) conn.send({ type: 'ice', id: this.id, candidate: e.candidate.toJSON() });
        };
        this.onicefailed = null; // for the StreamSet
        this.connected = false;  // ICE has connected at least once
        this.pc.oniceconnectionstatechange = () => {
            const state = this.pc.iceConnectionState;
            if (state === 'connected' || state === 'completed') this.connected = true;
            if (state !== 'failed') return;
            if (this.onicefailed) this.onicefailed();
            this.restartIce();
        };
        for (const track of stream.getTracks()) {
            const init = { direction: 'sendonly', streams: [stream] };
            if (track.kind === 'video') {
                init.sendEncodings = opts.simulcast ?
                    [{ rid: 'h', ...(opts.bps ? { maxBitrate: opts.bps } : {}) },
                     { rid: 'l', scaleResolutionDownBy: 2, maxBitrate: LOW_LAYER_BPS }] :
                    [opts.bps ? { maxBitrate: opts.bps } : {}];
            }
            this.pc.addTransceiver(track, init);
        }
    }

    /** @param {boolean} [restart] */
    async negotiate(restart) {
        const offer = await this.pc.createOffer(restart ? { iceRestart: true } : {});
        await this.pc.setLocalDescription(offer);
        const m = {
            type: 'offer', id: this.id, label: this.label, source: this.conn.id,
            username: this.conn.username, sdp: this.pc.localDescription.sdp,
        };
        if (this.replace) { m.replace = this.replace; this.replace = null; }
        this.conn.send(m);
    }

    restartIce() {
        this.negotiate(true).catch(e => console.warn('ICE restart failed', e));
    }

    async gotAnswer(sdp) {
        await this.pc.setRemoteDescription({ type: 'answer', sdp });
        this.ice.flush();
    }

    /** @param {boolean} [quiet] - don't tell the server (it is being replaced) */
    close(quiet) {
        if (this.closed) return;
        this.closed = true;
        if (!quiet) {
            try { this.conn.send({ type: 'close', id: this.id }); } catch (e) { /* already disconnected */ }
        }
        this.pc.close();
        if (this.onforget) this.onforget();
        if (this.onclose) this.onclose();
    }
}

export class DownStream {
    /**
     * @param {import('./protocol.js').Connection} conn
     * @param {Object} m - the server's offer
     */
    constructor(conn, m) {
        this.conn = conn;
        this.id = m.id;
        this.label = m.label || '';
        this.source = m.source || '';
        this.username = m.username || '';
        this.stream = new MediaStream();
        this.ontrack = null;
        this.onclose = null;  // for the page
        this.onforget = null; // for the StreamSet
        this.closed = false;
        this.pc = new RTCPeerConnection(conn.rtcConfig());
        this.ice = new IceQueue(this.pc);
        this.pc.onicecandidate = e => {
            if (e.candidate) conn.send({ type: 'ice', id: this.id, candidate: e.candidate.toJSON() });
        };
        // as Galène's client: when ICE fails, ask the server for an offer that restarts it
        this.onicefailed = null; // for the StreamSet
        this.pc.oniceconnectionstatechange = () => {
            if (this.pc.iceConnectionState !== 'failed') return;
            if (this.onicefailed) this.onicefailed();
            this.restartIce();
        };
        this.pc.ontrack = e => {
            this.stream.addTrack(e.track);
            e.track.onended = () => this.stream.removeTrack(e.track);
            // a renegotiation that stops sending a track removes it from the sender's stream
            e.streams.forEach(st => { st.onremovetrack = r => this.stream.removeTrack(r.track); });
            if (this.ontrack) this.ontrack(e.track);
        };
    }

    async gotOffer(sdp) {
        await this.pc.setRemoteDescription({ type: 'offer', sdp });
        this.ice.flush();
        const answer = await this.pc.createAnswer();
        await this.pc.setLocalDescription(answer);
        this.conn.send({ type: 'answer', id: this.id, sdp: this.pc.localDescription.sdp });
    }

    /** Ask the server to stop sending this stream. */
    abort() {
        this.conn.send({ type: 'abort', id: this.id });
    }

    restartIce() {
        this.conn.send({ type: 'renegotiate', id: this.id });
    }

    /**
     * The loudness (0..1) of the incoming audio, for the speaking indicator.
     * From the receiver statistics: they exist whether or not the audio-level
     * header extension was negotiated.
     */
    async audioLevel() {
        let level = 0;
        const stats = await this.pc.getStats();
        stats.forEach(r => {
            if (r.type === 'inbound-rtp' && r.kind === 'audio' && typeof r.audioLevel === 'number')
                level = Math.max(level, r.audioLevel);
        });
        return level;
    }

    close() {
        if (this.closed) return;
        this.closed = true;
        this.pc.close();
        if (this.onforget) this.onforget();
        if (this.onclose) this.onclose();
    }
}

/**
 * Routes the server's media messages to our streams.
 */
export class StreamSet {
    /** @param {import('./protocol.js').Connection} conn */
    constructor(conn) {
        this.conn = conn;
        /** @type {Record<string, UpStream>} */
        this.up = {};
        /** @type {Record<string, DownStream>} */
        this.down = {};
        this.ondownstream = null; // (DownStream)
        this.onicefailed = null; // () => void: a stream's media found no path to the server
        conn.on('offer', m => this.gotOffer(m).catch(e => this.failed(m.id, e)));
        conn.on('answer', m => {
            const s = this.up[m.id];
            if (s) s.gotAnswer(m.sdp).catch(e => this.failed(m.id, e));
        });
        conn.on('ice', m => {
            const s = this.up[m.id] || this.down[m.id];
            if (s) s.ice.add(m.candidate);
        });
        conn.on('renegotiate', m => { if (this.up[m.id]) this.up[m.id].restartIce(); });
        conn.on('close', m => { if (this.down[m.id]) this.down[m.id].close(); });
        conn.on('abort', m => {
            const s = this.up[m.id];
            if (!s) return;
            // the server gives up on a stream it answered that never connected: its ICE found no path
            if (s.pc.remoteDescription && !s.connected && this.onicefailed) this.onicefailed();
            s.close();
        });
    }

    failed(id, e) {
        console.warn(`Stream ${id} failed`, e);
        if (this.down[id]) { this.down[id].abort(); this.down[id].close(); }
        if (this.up[id]) this.up[id].close();
    }

    async gotOffer(m) {
        if (m.replace && this.down[m.replace]) this.down[m.replace].close();
        let s = this.down[m.id];
        if (!s) {
            s = new DownStream(this.conn, m);
            s.onicefailed = () => { if (this.onicefailed) this.onicefailed(); };
            this.down[m.id] = s;
            s.onforget = () => { delete this.down[s.id]; };
            if (this.ondownstream) this.ondownstream(s);
        }
        await s.gotOffer(m.sdp);
    }

    /**
     * @param {string} label
     * @param {MediaStream} stream
     * @param {{bps: number|null, simulcast: boolean}} opts
     */
    publish(label, stream, opts) {
        const old = Object.values(this.up).find(u => u.label === label);
        const s = new UpStream(this.conn, label, stream, { ...opts, replace: old ? old.id : undefined });
        s.onicefailed = () => { if (this.onicefailed) this.onicefailed(); };
        // the new stream is registered first, so whoever watches the old one close sees it replaced
        this.up[s.id] = s;
        s.onforget = () => { delete this.up[s.id]; };
        if (old) old.close(true);
        s.negotiate().catch(e => this.failed(s.id, e));
        return s;
    }

    /** @param {string} label */
    unpublish(label) {
        Object.values(this.up).filter(u => u.label === label).forEach(u => u.close());
    }

    renegotiateAll() {
        Object.values(this.up).forEach(s => s.restartIce());
        Object.values(this.down).forEach(s => s.restartIce());
    }

    closeAll() {
        Object.values(this.up).forEach(s => s.close(true));
        Object.values(this.down).forEach(s => s.close());
    }
}
