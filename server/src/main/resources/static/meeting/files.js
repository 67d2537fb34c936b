// Peer-to-peer file transfer (galene-protocol.md): control messages are
// usermessages of kind "filetransfer" relayed by the server; the bytes travel
// over a WebRTC data channel labelled "file" that the receiver opens.

import { randomId } from './protocol.js';

export const CHUNK = 16384;
const HIGH_WATER = 1 << 20;   // pause sending while this much is queued
const LOW_WATER = 1 << 16;
// The receiver folds every this many bytes of chunks into a Blob, whose bytes the
// browser keeps outside the page (and on disk when large), so a file larger than the
// page's memory can arrive; the page holds at most this much of it at a time.
const BLOB_PART = 1 << 20;
// How long a receiver that has the whole file waits for the sender to close.
const FINISH_WAIT_MS = 2000;

/**
 * One file being sent or received.
 */
export class Transfer {
    /**
     * @param {FileTransfers} owner
     * @param {{up: boolean, userid: string, id: string, username: string, name: string, size: number, mimetype: string}} f
     */
    constructor(owner, f) {
        Object.assign(this, f);
        this.owner = owner;
        /** @type {File|null} */
        this.file = null;
        /** @type {RTCPeerConnection|null} */
        this.pc = null;
        /** @type {RTCDataChannel|null} */
        this.dc = null;
        this.done = 0;
        /** @type {ArrayBuffer[]} chunks received since the last Blob part */
        this.chunks = [];
        this.chunkBytes = 0;
        /** @type {Blob[]} what has arrived, in parts */
        this.parts = [];
        this.state = 'new';
        this.pendingIce = [];
        this.onevent = null; // (state, detail)
    }

    key() { return `${this.userid}:${this.id}`; }

    send(value) {
        this.owner.conn.userMessage('filetransfer', this.userid, { ...value, id: this.id });
    }

    /** @param {string} state @param {any} [detail] */
    event(state, detail) {
        this.state = state;
        if (this.onevent) this.onevent(state, detail);
    }

    newPeerConnection() {
        const pc = new RTCPeerConnection(this.owner.conn.rtcConfig());
        pc.onicecandidate = e => { if (e.candidate) this.send({ type: 'ice', candidate: e.candidate.toJSON() }); };
        this.pc = pc;
        return pc;
    }

    addIce(c) {
        if (!c || !this.pc) return;
        if (this.pc.remoteDescription) this.pc.addIceCandidate(c).catch(e => console.warn('file ICE', e));
        else this.pendingIce.push(c);
    }

    flushIce() {
        const p = this.pendingIce;
        this.pendingIce = [];
        p.forEach(c => this.addIce(c));
    }

    // ---- receiver side ----

    /** The user accepted: open the channel and offer it to the sender. */
    async accept() {
        if (this.up || this.pc) return;
        const pc = this.newPeerConnection();
        const dc = pc.createDataChannel('file');
        dc.binaryType = 'arraybuffer';
        this.dc = dc;
        dc.onmessage = e => this.gotChunk(e.data);
        dc.onclose = () => this.receiverClosed();
        this.event('connecting');
        const offer = await pc.createOffer();
        await pc.setLocalDescription(offer);
        this.send({ type: 'offer', version: ['1'], sdp: pc.localDescription.sdp });
    }

    /** @param {ArrayBuffer|string} data */
    gotChunk(data) {
        if (typeof data === 'string') { this.cancel('The sender sent text instead of file data.'); return; }
        this.chunks.push(data);
        this.chunkBytes += data.byteLength;
        this.done += data.byteLength;
        if (this.done > this.size) { this.cancel('The sender sent more data than announced.'); return; }
        if (this.chunkBytes >= BLOB_PART || this.done === this.size) this.foldChunks();
        this.event('progress', this.done);
        if (this.done === this.size) this.finish();
    }

    /**
     * Everything arrived: the file is the user's at once. Then tell the sender, who
     * closes; a sender that does not (its tab frozen, its close lost) must not keep
     * the channel open, so we close after FINISH_WAIT_MS ourselves.
     */
    finish() {
        const blob = new Blob(this.parts, { type: this.mimetype || 'application/octet-stream' });
        this.parts = [];
        this.event('done', blob);
        const dc = this.dc;
        dc.onmessage = null;
        const timer = setTimeout(() => this.close(), FINISH_WAIT_MS);
        dc.onclose = () => { clearTimeout(timer); this.close(); };
        dc.send('done');
    }

    /** Moves the chunks received so far into a Blob part, out of the page's memory. */
    foldChunks() {
        this.parts.push(new Blob(this.chunks));
        this.chunks = [];
        this.chunkBytes = 0;
    }

    receiverClosed() {
        if (this.state !== 'cancelled' && this.state !== 'done') {
            this.fail('The connection closed before the whole file arrived.');
        }
    }

    // ---- sender side ----

    /** @param {string} sdp */
    async gotOffer(sdp) {
        if (!this.up || this.pc) return;
        const pc = this.newPeerConnection();
        pc.ondatachannel = e => this.startSending(e.channel);
        this.event('connecting');
        await pc.setRemoteDescription({ type: 'offer', sdp });
        this.flushIce();
        const answer = await pc.createAnswer();
        await pc.setLocalDescription(answer);
        this.send({ type: 'answer', sdp: pc.localDescription.sdp });
    }

    /** @param {string} sdp */
    async gotAnswer(sdp) {
        if (this.up || !this.pc) return;
        await this.pc.setRemoteDescription({ type: 'answer', sdp });
        this.flushIce();
    }

    /** @param {RTCDataChannel} dc */
    startSending(dc) {
        this.dc = dc;
        dc.bufferedAmountLowThreshold = LOW_WATER;
        dc.onmessage = e => {
            if (e.data === 'done' && this.done === this.size) {
                dc.onclose = null;
                this.close();
                this.event('done');
            }
        };
        dc.onclose = () => { if (this.state !== 'done') this.fail('The receiver closed the connection.'); };
        const go = () => this.pump().catch(e => this.cancel(e.message || String(e)));
        if (dc.readyState === 'open') go(); else dc.onopen = go;
    }

    async pump() {
        const file = /** @type {File} */ (this.file);
        this.event('sending');
        while (this.done < this.size) {
            if (this.state === 'cancelled' || !this.dc || this.dc.readyState !== 'open') return;
            if (this.dc.bufferedAmount > HIGH_WATER) {
                await new Promise(r => { this.dc.onbufferedamountlow = () => { this.dc.onbufferedamountlow = null; r(); }; });
                continue;
            }
            const end = Math.min(this.done + CHUNK, this.size);
            const buf = await file.slice(this.done, end).arrayBuffer();
            this.dc.send(buf);
            this.done = end;
            this.event('progress', this.done);
        }
        this.event('finishing');
    }

    // ---- both ----

    /** Stop, telling the peer why. @param {string} [why] */
    cancel(why) {
        if (this.state === 'done' || this.state === 'cancelled') return;
        try { this.send({ type: 'cancel', message: why || 'cancelled' }); } catch (e) { /* disconnected */ }
        this.close();
        this.event('cancelled', why || 'Cancelled.');
    }

    /** @param {string} why */
    fail(why) {
        this.close();
        this.event('cancelled', why);
    }

    close() {
        this.chunks = [];
        this.parts = [];
        if (this.dc) { this.dc.onclose = null; this.dc.onmessage = null; }
        if (this.pc) this.pc.close();
        this.pc = null;
        this.owner.forget(this);
    }
}

export class FileTransfers {
    /** @param {import('./protocol.js').Connection} conn */
    constructor(conn) {
        this.conn = conn;
        /** @type {Map<string, Transfer>} */
        this.transfers = new Map();
        this.onincoming = null; // (Transfer) for the page to ask the user
        this.onoutgoing = null; // (Transfer)
        conn.on('filetransfer', m => this.gotMessage(m));
    }

    /** @param {Transfer} t */
    forget(t) { this.transfers.delete(t.key()); }

    /** @param {string} userid @param {File} file */
    sendFile(userid, file) {
        const user = this.conn.users[userid];
        if (!user) throw new Error('That user has left.');
        const t = new Transfer(this, { up: true, userid, id: randomId(), username: user.username,
            name: file.name, size: file.size, mimetype: file.type });
        t.file = file;
        this.transfers.set(t.key(), t);
        if (this.onoutgoing) this.onoutgoing(t);
        t.send({ type: 'invite', version: ['1'], name: file.name, size: file.size, mimetype: file.type });
        t.event('inviting');
        return t;
    }

    /** @param {Object} m */
    gotMessage(m) {
        const v = m.value || {};
        const source = m.source;
        if (!source || typeof v !== 'object') return;
        const key = `${source}:${v.id}`;
        let t = this.transfers.get(key);
        const run = p => p.catch(e => t && t.cancel(e.message || String(e)));
        switch (v.type) {
        case 'invite': {
            t = new Transfer(this, { up: false, userid: source, id: v.id, username: m.username || '',
                name: String(v.name || 'file'), size: Number(v.size) || 0, mimetype: String(v.mimetype || '') });
            this.transfers.set(key, t);
            if (!Array.isArray(v.version) || !v.version.includes('1')) {
                t.cancel('This client only speaks file-transfer version 1.');
                return;
            }
            if (typeof RTCPeerConnection !== 'function' || !this.onincoming) {
                t.cancel('The receiver cannot accept files in this window.');
                return;
            }
            this.onincoming(t);
            return;
        }
        case 'offer':
            if (t) run(t.gotOffer(v.sdp));
            return;
        case 'answer':
            if (t) run(t.gotAnswer(v.sdp));
            return;
        case 'ice':
            if (t) t.addIce(v.candidate);
            return;
        case 'cancel':
            if (t) { t.close(); t.event('cancelled', v.message || 'The other side cancelled.'); }
            return;
        default:
            if (t) t.cancel(`Unknown file-transfer message ${v.type}.`);
        }
    }

    /** A user left: their transfers cannot finish. @param {string} userid */
    userGone(userid) {
        for (const t of [...this.transfers.values()])
            if (t.userid === userid) t.fail(`${t.username || 'The other user'} left.`);
    }

    closeAll() {
        for (const t of [...this.transfers.values()]) t.fail('Disconnected.');
    }
}
