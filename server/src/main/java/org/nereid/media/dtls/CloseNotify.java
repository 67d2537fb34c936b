package org.nereid.media.dtls;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.DTLSTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a close_notify alert on an established DTLS session. bctls has no
 * public way to: {@code DTLSTransport.close()} only closes (its TLS
 * counterpart does send the alert), while its record layer can raise a
 * warning alert, encrypted with the current epoch, through a package-private
 * method. That method is reached once by reflection; if a bctls update moves
 * it, closing still works, only without the alert (logged once).
 */
final class CloseNotify {
    private static final Logger LOG = LoggerFactory.getLogger(CloseNotify.class);
    private static final Field RECORD_LAYER;
    private static final Method WARN;

    static {
        Field field = null;
        Method warn = null;
        try {
            field = DTLSTransport.class.getDeclaredField("recordLayer");
            field.setAccessible(true);
            warn = field.getType().getDeclaredMethod("warn", short.class, String.class);
            warn.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("DTLS sessions will end without close_notify: this bctls has no {}: {}",
                    "DTLSRecordLayer.warn(short, String)", e.toString());
            field = null;
            warn = null;
        }
        RECORD_LAYER = field;
        WARN = warn;
    }

    private CloseNotify() {
    }

    /** Sends the alert; a peer already gone or a closed session is no error here. */
    static void send(DTLSTransport transport) {
        if (WARN == null) {
            return;
        }
        try {
            WARN.invoke(RECORD_LAYER.get(transport), AlertDescription.close_notify, "the connection is closing");
        } catch (InvocationTargetException e) {
            LOG.debug("close_notify not sent: {}", e.getCause().toString());
        } catch (IllegalAccessException e) {
            LOG.debug("close_notify not sent: {}", e.toString());
        }
    }
}
