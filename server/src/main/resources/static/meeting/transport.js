// The two ways the page reaches the server: a WebSocket of its own, or the
// bridge a host application (the JavaFX console) injects as window.nereidBridge
// when its embedded browser cannot open WebSockets. Both look the same to the
// protocol layer: open(), send(text), close(), and the callbacks below.

/**
 * @typedef {Object} Transport
 * @property {(text: string) => void} send
 * @property {() => void} close
 * @property {() => void} [onopen]
 * @property {(text: string) => void} [onmessage]
 * @property {(code: number, reason: string) => void} [onclose]
 */

/** True when the host injected a bridge object with a send method. */
export function bridgePresent() {
    const b = window.nereidBridge;
    return !!b && typeof b.send === 'function';
}

/**
 * The host injects its bridge after the page has loaded (JavaFX can only do it
 * once loading succeeded), so wait a little when the page is embedded.
 * @param {number} ms
 */
export async function waitForBridge(ms) {
    const embedded = /JavaFX/.test(navigator.userAgent) ||
          new URLSearchParams(location.search).has('bridge');
    if (bridgePresent() || !embedded)
        return bridgePresent();
    const until = Date.now() + ms;
    while (Date.now() < until) {
        await new Promise(r => setTimeout(r, 50));
        if (bridgePresent())
            return true;
    }
    return false;
}

/** @param {string} url @returns {Transport} */
export function openTransport(url) {
    return bridgePresent() ? bridgeTransport(url) : webSocketTransport(url);
}

/** @param {string} url @returns {Transport} */
function webSocketTransport(url) {
    const ws = new WebSocket(url);
    /** @type {Transport} */
    const t = {
        send: text => ws.send(text),
        close: () => ws.close(1000),
    };
    ws.onopen = () => t.onopen && t.onopen();
    ws.onmessage = e => t.onmessage && t.onmessage(String(e.data));
    ws.onclose = e => t.onclose && t.onclose(e.code, e.reason);
    return t;
}

/**
 * The bridge contract (docs/web-client.md): the host calls back through
 * window.nereid.bridgeOpened(), bridgeMessage(text) and bridgeClosed(code, reason).
 * @param {string} url
 * @returns {Transport}
 */
function bridgeTransport(url) {
    const bridge = window.nereidBridge;
    let closed = false;
    /** @type {Transport} */
    const t = {
        send: text => { if (!closed) bridge.send(text); },
        close: () => {
            if (closed) return;
            if (typeof bridge.close === 'function') bridge.close();
            finish(1000, '');
        },
    };
    function finish(code, reason) {
        if (closed) return;
        closed = true;
        t.onclose && t.onclose(code, reason);
    }
    const hooks = window.nereid || (window.nereid = {});
    hooks.bridgeOpened = () => t.onopen && t.onopen();
    hooks.bridgeMessage = text => { if (!closed && t.onmessage) t.onmessage(String(text)); };
    hooks.bridgeClosed = (code, reason) => finish(Number(code) || 1006, String(reason || ''));
    // A host without open() is connected already: announce it asynchronously so
    // the caller can set its callbacks first.
    if (typeof bridge.open === 'function')
        bridge.open(url);
    else
        setTimeout(() => hooks.bridgeOpened(), 0);
    return t;
}
