package org.nereid.signal;

/**
 * Routes a client's message by type, after refusing any that claims a
 * source or username other than the sender's own (a cluster's in-process
 * clients, built by the cluster's code, excepted).
 */
final class Dispatcher {

    private Dispatcher() {
    }

    static void dispatch(ClientSession s, Message m) {
        if (s.trusted() != null) {
            // a cascade's mirror offers streams in their publishers' names (docs/cluster.md)
            route(s, m);
            return;
        }
        if (m.source() != null && !m.source().isEmpty() && !m.source().equals(s.id())) {
            s.error("Your " + m.type() + " message claims to come from another client; it was not delivered.");
            return;
        }
        if (!"join".equals(m.type()) && m.username() != null && !m.username().equals(s.info().username())) {
            s.error("Your " + m.type() + " message carries a username that is not yours; it was not delivered.");
            return;
        }
        if (s.relayed() && HostLink.MESSAGES.contains(m.type())) {
            // a cascade's helping node: the hosting node orders the group's chat and moderation
            s.service().hostLink().message(s.groupName(), s.id(), MessageCodec.write(m));
            return;
        }
        route(s, m);
    }

    private static void route(ClientSession s, Message m) {
        switch (m.type()) {
            case "ping" -> s.send(Message.of("pong").build());
            case "pong" -> { }
            case "handshake" -> s.error("You have already sent a handshake; the second one was ignored.");
            case "join" -> JoinHandler.handle(s, m);
            case "chat", "usermessage" -> ChatHandler.handle(s, m);
            case "useraction" -> UserActions.handle(s, m);
            case "groupaction" -> GroupActions.handle(s, m);
            case "request" -> s.streams().request(m);
            case "requestStream" -> s.streams().requestStream(m);
            case "offer" -> s.streams().offer(m);
            case "answer" -> s.streams().answer(m);
            case "renegotiate" -> s.streams().renegotiate(m);
            case "close" -> s.streams().closeUp(m);
            case "abort" -> s.streams().abort(m);
            case "ice" -> s.streams().ice(m);
            default -> s.error("The server does not know messages of type \"" + m.type()
                    + "\"; yours was ignored.");
        }
    }
}
