package org.nereid.turn;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.function.BiFunction;
import org.ice4j.StunException;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.attribute.Attribute;
import org.ice4j.attribute.AttributeFactory;
import org.ice4j.attribute.ChannelNumberAttribute;
import org.ice4j.attribute.DataAttribute;
import org.ice4j.attribute.ErrorCodeAttribute;
import org.ice4j.attribute.LifetimeAttribute;
import org.ice4j.attribute.NonceAttribute;
import org.ice4j.attribute.RealmAttribute;
import org.ice4j.attribute.RequestedAddressFamilyAttribute;
import org.ice4j.attribute.RequestedTransportAttribute;
import org.ice4j.attribute.UsernameAttribute;
import org.ice4j.attribute.XorPeerAddressAttribute;
import org.ice4j.message.Message;
import org.ice4j.message.MessageFactory;
import org.ice4j.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the TURN server does with each message from a client (RFC 8656): Allocate,
 * Refresh, CreatePermission and ChannelBind requests under long-term credentials;
 * Send indications and ChannelData relayed to permitted peers; Binding requests
 * answered. Runs on the TURN event loop only, so it needs no locks.
 */
final class TurnProtocol {
    private static final Logger LOG = LoggerFactory.getLogger(TurnProtocol.class);
    private static final int UDP = 17;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final TurnCredentials credentials;
    private final RelayTargets targets;
    private final AllocationTable table;
    private final RelaySockets relays;

    TurnProtocol(TurnCredentials credentials, RelayTargets targets, AllocationTable table, RelaySockets relays) {
        this.credentials = credentials;
        this.targets = targets;
        this.table = table;
        this.relays = relays;
    }

    /** Handles one message (STUN or ChannelData) from a client; does not release {@code frame}. */
    void received(ClientLink link, ByteBuf frame) {
        if (frame.readableBytes() >= 4 && (frame.getByte(frame.readerIndex()) & 0xC0) == 0x40) {
            channelData(link, frame);
            return;
        }
        byte[] bytes = new byte[frame.readableBytes()];
        frame.getBytes(frame.readerIndex(), bytes);
        Message m;
        try {
            m = StunCodec.decode(bytes, bytes.length);
        } catch (StunException e) {
            return; // not STUN: RFC 8489 says to drop it silently
        }
        switch (m.getMessageType()) {
            case Message.BINDING_REQUEST -> binding(link, m);
            case Message.ALLOCATE_REQUEST ->
                    authenticated(link, m, bytes, MessageFactory::createAllocationErrorResponse, this::allocate);
            case Message.REFRESH_REQUEST ->
                    authenticated(link, m, bytes, MessageFactory::createRefreshErrorResponse, this::refresh);
            case Message.CREATEPERMISSION_REQUEST ->
                    authenticated(link, m, bytes, MessageFactory::createPermissionErrorResponse, this::createPermission);
            case Message.CHANNELBIND_REQUEST ->
                    authenticated(link, m, bytes, MessageFactory::createChannelBindErrorResponse, this::channelBind);
            case Message.SEND_INDICATION -> send(link, m);
            default -> LOG.debug("TURN: ignoring STUN message type {} from {}", (int) m.getMessageType(), link.client);
        }
    }

    private void binding(ClientLink link, Message request) {
        Response r = MessageFactory.createBindingResponse((org.ice4j.message.Request) request, transport(link.client));
        reply(link, request, r, null);
    }

    private void allocate(ClientLink link, Message request, Allocation existing, byte[] key) {
        if (existing != null) {
            if (Arrays.equals(existing.transactionId, request.getTransactionID())) {
                replyAllocated(link, request, existing, Allocation.DEFAULT_LIFETIME_SECONDS);
            } else {
                error(link, request, key, MessageFactory::createAllocationErrorResponse,
                        ErrorCodeAttribute.ALLOCATION_MISMATCH, "this client already has an allocation");
            }
            return;
        }
        RequestedTransportAttribute transport = (RequestedTransportAttribute) request.getAttribute(Attribute.REQUESTED_TRANSPORT);
        if (transport == null) {
            error(link, request, key, MessageFactory::createAllocationErrorResponse,
                    ErrorCodeAttribute.BAD_REQUEST, "REQUESTED-TRANSPORT is missing");
            return;
        }
        if (transport.getRequestedTransport() != UDP) {
            error(link, request, key, MessageFactory::createAllocationErrorResponse,
                    ErrorCodeAttribute.UNSUPPORTED_TRANSPORT_PROTOCOL, "only UDP is relayed");
            return;
        }
        RequestedAddressFamilyAttribute family =
                (RequestedAddressFamilyAttribute) request.getAttribute(Attribute.REQUESTED_ADDRESS_FAMILY);
        if (family != null && family.getFamily() != RequestedAddressFamilyAttribute.IPv4) {
            // the SFU's media addresses are IPv4, so an IPv6 relayed address could reach nothing
            error(link, request, key, MessageFactory::createAllocationErrorResponse,
                    ErrorCodeAttribute.ADDRESS_FAMILY_NOT_SUPPORTED, "relayed addresses are IPv4");
            return;
        }
        long now = System.nanoTime();
        AllocationTable.Refusal refusal = table.admit(link.client.getAddress(), now);
        if (refusal != null) {
            boolean server = refusal == AllocationTable.Refusal.CAPACITY;
            error(link, request, key, MessageFactory::createAllocationErrorResponse,
                    server ? ErrorCodeAttribute.INSUFFICIENT_CAPACITY : ErrorCodeAttribute.ALLOCATION_QUOTA_REACHED,
                    switch (refusal) {
                        case CAPACITY -> "the relay is full";
                        case CLIENT_QUOTA -> "too many allocations from this address";
                        case RATE -> "too many allocations from this address in too little time";
                    });
            return;
        }
        Allocation a;
        try {
            a = relays.open(link, username(request), key, request.getTransactionID(), this);
        } catch (java.io.IOException e) {
            LOG.warn("TURN: cannot open a relay socket for {}: {}", link.client, e.getMessage());
            error(link, request, key, MessageFactory::createAllocationErrorResponse,
                    ErrorCodeAttribute.INSUFFICIENT_CAPACITY, "no relay port is free");
            return;
        }
        int lifetime = a.refresh(requestedLifetime(request), now);
        link.allocation = a;
        if (link instanceof ClientLink.Udp udp) {
            udp.remember();
        }
        table.add(a);
        LOG.debug("TURN: allocated {} for {}", a.relayed, link.client);
        replyAllocated(link, request, a, lifetime);
    }

    private void replyAllocated(ClientLink link, Message request, Allocation a, int lifetime) {
        Response r = MessageFactory.createAllocationResponse((org.ice4j.message.Request) request,
                transport(link.client), transport(a.relayed), lifetime);
        reply(link, request, r, a.key);
    }

    private void refresh(ClientLink link, Message request, Allocation a, byte[] key) {
        if (a == null) {
            error(link, request, key, MessageFactory::createRefreshErrorResponse,
                    ErrorCodeAttribute.ALLOCATION_MISMATCH, "no allocation");
            return;
        }
        int requested = requestedLifetime(request);
        int granted = requested == 0 ? 0 : a.refresh(requested, System.nanoTime());
        reply(link, request, MessageFactory.createRefreshResponse(granted), key);
        if (requested == 0) {
            close(a); // after the answer: over TCP this closes the connection
        }
    }

    private void createPermission(ClientLink link, Message request, Allocation a, byte[] key) {
        InetSocketAddress peer = peer(request);
        String refusal = a == null ? "no allocation" : peer == null ? "XOR-PEER-ADDRESS is missing"
                : !targets.allowsHost(peer.getAddress()) ? "this relay only reaches the server's own media" : null;
        if (refusal != null) {
            error(link, request, key, MessageFactory::createPermissionErrorResponse,
                    a == null ? ErrorCodeAttribute.ALLOCATION_MISMATCH
                            : peer == null ? ErrorCodeAttribute.BAD_REQUEST : ErrorCodeAttribute.FORBIDDEN, refusal);
            return;
        }
        a.permissions.install(peer.getAddress(), System.nanoTime());
        reply(link, request, MessageFactory.createCreatePermissionResponse(), key);
    }

    private void channelBind(ClientLink link, Message request, Allocation a, byte[] key) {
        InetSocketAddress peer = peer(request);
        ChannelNumberAttribute number = (ChannelNumberAttribute) request.getAttribute(Attribute.CHANNEL_NUMBER);
        long now = System.nanoTime();
        char code;
        String refusal;
        if (a == null) {
            code = ErrorCodeAttribute.ALLOCATION_MISMATCH;
            refusal = "no allocation";
        } else if (peer == null || number == null || !ChannelMap.validNumber(number.getChannelNumber())) {
            code = ErrorCodeAttribute.BAD_REQUEST;
            refusal = "a channel number in 0x4000-0x4FFF and XOR-PEER-ADDRESS are needed";
        } else if (!targets.allows(peer)) {
            code = ErrorCodeAttribute.FORBIDDEN;
            refusal = "this relay only reaches the server's own media";
        } else if (!a.channels.bind(number.getChannelNumber(), peer, now)) {
            code = ErrorCodeAttribute.BAD_REQUEST;
            refusal = "the channel or the peer is bound to another";
        } else {
            a.permissions.install(peer.getAddress(), now);
            reply(link, request, MessageFactory.createChannelBindResponse(), key);
            return;
        }
        error(link, request, key, MessageFactory::createChannelBindErrorResponse, code, refusal);
    }

    private void send(ClientLink link, Message indication) {
        Allocation a = link.allocation;
        InetSocketAddress peer = peer(indication);
        DataAttribute data = (DataAttribute) indication.getAttribute(Attribute.DATA);
        if (a == null || peer == null || data == null || !targets.allows(peer)
                || !a.permissions.allows(peer.getAddress(), System.nanoTime())) {
            return; // indications get no answer (RFC 8656 §11.2)
        }
        a.relay.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(data.getData()), peer), a.relay.voidPromise());
    }

    private void channelData(ClientLink link, ByteBuf frame) {
        Allocation a = link.allocation;
        int start = frame.readerIndex();
        int length = frame.getUnsignedShort(start + 2);
        if (a == null || 4 + length > frame.readableBytes()) {
            return;
        }
        long now = System.nanoTime();
        InetSocketAddress peer = a.channels.peer(frame.getUnsignedShort(start), now);
        if (peer == null || !a.permissions.allows(peer.getAddress(), now)) {
            return;
        }
        a.relay.writeAndFlush(new DatagramPacket(frame.retainedSlice(start + 4, length), peer), a.relay.voidPromise());
    }

    /** Data a peer sent to an allocation's relayed address: on to the client, by channel when one is bound. */
    void fromPeer(Allocation a, DatagramPacket packet) {
        InetSocketAddress peer = packet.sender();
        long now = System.nanoTime();
        if (!a.permissions.allows(peer.getAddress(), now)) {
            return;
        }
        ByteBuf data = packet.content();
        int length = data.readableBytes();
        int number = a.channels.number(peer, now);
        if (number != 0) {
            int padding = a.link.padsChannelData() ? (4 - (length & 3)) & 3 : 0;
            ByteBuf out = a.link.channel.alloc().buffer(4 + length + padding);
            out.writeShort(number).writeShort(length).writeBytes(data, data.readerIndex(), length);
            out.writeZero(padding);
            a.link.send(out);
            return;
        }
        byte[] bytes = new byte[length];
        data.getBytes(data.readerIndex(), bytes);
        byte[] tid = new byte[12];
        RANDOM.nextBytes(tid);
        Message indication = MessageFactory.createDataIndication(transport(peer), bytes, tid);
        try {
            indication.setTransactionID(tid);
        } catch (StunException e) {
            throw new IllegalStateException("a 12-byte transaction ID is valid", e);
        }
        a.link.send(Unpooled.wrappedBuffer(StunCodec.encode(indication)));
    }

    /** Ends an allocation: its relay socket closes, its client may allocate again. */
    void close(Allocation a) {
        table.remove(a);
        if (a.link.allocation == a) {
            a.link.allocationClosed();
        }
        a.relay.close();
    }

    /** What a request does once its credential is checked: with the link's allocation (or null) and the key. */
    private interface Authenticated {
        void handle(ClientLink link, Message request, Allocation allocation, byte[] key);
    }

    private void authenticated(ClientLink link, Message request, byte[] raw,
                               BiFunction<Character, String, Response> errors, Authenticated then) {
        Allocation a = link.allocation;
        byte[] key = authenticate(link, request, raw, a, errors);
        if (key != null) {
            then.handle(link, request, a, key);
        }
    }

    /**
     * Checks the long-term credential of a request (RFC 8489 §9.2.4); answers the
     * client itself and returns null when it fails, else returns the key to sign
     * the answer with.
     */
    private byte[] authenticate(ClientLink link, Message request, byte[] raw, Allocation existing,
                                BiFunction<Character, String, Response> errors) {
        UsernameAttribute user = (UsernameAttribute) request.getAttribute(Attribute.USERNAME);
        RealmAttribute realm = (RealmAttribute) request.getAttribute(Attribute.REALM);
        NonceAttribute nonce = (NonceAttribute) request.getAttribute(Attribute.NONCE);
        if (!StunCodec.hasIntegrity(raw, raw.length)) {
            challenge(link, request, errors, ErrorCodeAttribute.UNAUTHORIZED, "credentials needed");
            return null;
        }
        if (user == null || realm == null || nonce == null) {
            error(link, request, null, errors, ErrorCodeAttribute.BAD_REQUEST, "USERNAME, REALM and NONCE are needed");
            return null;
        }
        if (!credentials.nonceFresh(new String(nonce.getNonce(), StandardCharsets.UTF_8))) {
            challenge(link, request, errors, ErrorCodeAttribute.STALE_NONCE, "stale nonce");
            return null;
        }
        String username = new String(user.getUsername(), StandardCharsets.UTF_8);
        byte[] key = TurnCredentials.REALM.equals(new String(realm.getRealm(), StandardCharsets.UTF_8))
                ? credentials.key(username, existing != null) : null;
        if (key == null || !StunCodec.verify(raw, raw.length, key)) {
            challenge(link, request, errors, ErrorCodeAttribute.UNAUTHORIZED, "wrong or expired credentials");
            return null;
        }
        if (existing != null && !existing.username.equals(username)) {
            error(link, request, key, errors, ErrorCodeAttribute.WRONG_CREDENTIALS, "not this allocation's credentials");
            return null;
        }
        return key;
    }

    private void challenge(ClientLink link, Message request, BiFunction<Character, String, Response> errors,
                           char code, String reason) {
        Response r = errors.apply(code, reason);
        r.putAttribute(AttributeFactory.createRealmAttribute(TurnCredentials.REALM.getBytes(StandardCharsets.UTF_8)));
        r.putAttribute(AttributeFactory.createNonceAttribute(credentials.nonce().getBytes(StandardCharsets.UTF_8)));
        reply(link, request, r, null);
    }

    private void error(ClientLink link, Message request, byte[] key, BiFunction<Character, String, Response> errors,
                       char code, String reason) {
        reply(link, request, errors.apply(code, reason), key);
    }

    private static void reply(ClientLink link, Message request, Response response, byte[] key) {
        try {
            response.setTransactionID(request.getTransactionID());
        } catch (StunException e) {
            return; // the request decoded with this transaction ID, so it is valid
        }
        byte[] bytes = key == null ? StunCodec.encode(response) : StunCodec.encode(response, key);
        link.send(Unpooled.wrappedBuffer(bytes));
    }

    private static String username(Message request) {
        return new String(((UsernameAttribute) request.getAttribute(Attribute.USERNAME)).getUsername(),
                StandardCharsets.UTF_8);
    }

    private static int requestedLifetime(Message request) {
        LifetimeAttribute l = (LifetimeAttribute) request.getAttribute(Attribute.LIFETIME);
        return l == null ? Allocation.DEFAULT_LIFETIME_SECONDS : l.getLifetime();
    }

    private static InetSocketAddress peer(Message m) {
        XorPeerAddressAttribute p = (XorPeerAddressAttribute) m.getAttribute(Attribute.XOR_PEER_ADDRESS);
        if (p == null) {
            return null;
        }
        TransportAddress a = p.getAddress(m.getTransactionID());
        InetAddress address = a.getAddress();
        return new InetSocketAddress(address, a.getPort());
    }

    private static TransportAddress transport(InetSocketAddress a) {
        return new TransportAddress(a.getAddress(), a.getPort(), Transport.UDP);
    }
}
