package org.nereid.media.sdp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nereid.media.MediaException;

/**
 * Reads the WebRTC subset of SDP (RFC 8866 with the JSEP attributes). Anything
 * malformed or missing that WebRTC requires (ICE credentials, a DTLS
 * fingerprint, rtcp-mux, BUNDLE) is refused with a sentence that names it.
 */
public final class SdpParser {
    private SdpParser() {
    }

    public static SessionDescription parse(String sdp) throws MediaException {
        if (sdp == null || sdp.isBlank()) {
            throw new MediaException("The session description is empty; send the SDP of your offer or answer.");
        }
        String[] lines = sdp.split("\r?\n");
        if (!lines[0].trim().equals("v=0")) {
            throw new MediaException("The session description does not start with \"v=0\"; it is not SDP.");
        }
        Section session = new Section(null);
        List<Section> sections = new ArrayList<>();
        List<String> bundle = new ArrayList<>();
        Section current = session;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i].trim();
            if (line.isEmpty()) {
                continue;
            }
            if (line.length() < 2 || line.charAt(1) != '=') {
                throw new MediaException("Line " + (i + 1) + " of the session description (\"" + abbreviate(line)
                        + "\") is not of the form x=value.");
            }
            char type = line.charAt(0);
            String value = line.substring(2);
            if (type == 'm') {
                current = new Section(value);
                current.parseMediaLine(i + 1);
                sections.add(current);
            } else if (type == 'a') {
                if (current == session && value.startsWith("group:BUNDLE")) {
                    for (String mid : value.substring("group:BUNDLE".length()).trim().split(" +")) {
                        if (!mid.isEmpty()) {
                            bundle.add(mid);
                        }
                    }
                } else {
                    current.attribute(value, i + 1);
                }
            }
        }
        if (sections.isEmpty()) {
            throw new MediaException("The session description has no media sections (m= lines).");
        }
        List<MediaSection> media = new ArrayList<>();
        for (int i = 0; i < sections.size(); i++) {
            media.add(sections.get(i).build(session, i));
        }
        return new SessionDescription(bundle, media);
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    /** Mutable gathering of one section's lines (or of the session level when mediaLine is null). */
    private static final class Section {
        final String mediaLine;
        String kind = "";
        int port;
        String proto = "";
        final List<Integer> formats = new ArrayList<>();
        String mid;
        String direction;
        String ufrag;
        String pwd;
        MediaSection.Fingerprint fingerprint;
        String setup;
        boolean rtcpMux;
        final Map<Integer, String[]> rtpmap = new LinkedHashMap<>();
        final Map<Integer, String> fmtp = new LinkedHashMap<>();
        final Map<Integer, List<String>> feedback = new LinkedHashMap<>();
        final Map<Integer, String> extmap = new LinkedHashMap<>();
        final Map<Long, Map<String, String>> ssrcs = new LinkedHashMap<>();
        final List<MediaSection.SsrcGroup> ssrcGroups = new ArrayList<>();
        final List<MediaSection.Rid> rids = new ArrayList<>();
        String simulcast = "";
        String msid = "";
        String rtcpXr = "";
        final List<String> candidates = new ArrayList<>();

        Section(String mediaLine) {
            this.mediaLine = mediaLine;
        }

        void parseMediaLine(int lineNo) throws MediaException {
            String[] parts = mediaLine.split(" +");
            if (parts.length < 4) {
                throw new MediaException("The m= line on line " + lineNo + " needs a kind, a port, a protocol and formats.");
            }
            kind = parts[0];
            port = number(parts[1].split("/")[0], "port of the m= line on line " + lineNo);
            proto = parts[2];
            if (kind.equals("audio") || kind.equals("video")) {
                for (int i = 3; i < parts.length; i++) {
                    formats.add(number(parts[i], "payload type on line " + lineNo));
                }
            }
        }

        void attribute(String value, int lineNo) throws MediaException {
            int colon = value.indexOf(':');
            String name = colon < 0 ? value : value.substring(0, colon);
            String arg = colon < 0 ? "" : value.substring(colon + 1).trim();
            String where = "the a=" + name + " line on line " + lineNo;
            switch (name) {
                case "mid" -> mid = arg;
                case "sendrecv", "sendonly", "recvonly", "inactive" -> direction = name;
                case "ice-ufrag" -> ufrag = arg;
                case "ice-pwd" -> pwd = arg;
                case "setup" -> setup = arg;
                case "rtcp-mux" -> rtcpMux = true;
                case "msid" -> msid = arg;
                case "simulcast" -> simulcast = arg;
                case "rtcp-xr" -> rtcpXr = arg;
                case "candidate" -> candidates.add(arg);
                case "fingerprint" -> {
                    String[] f = arg.split(" +");
                    if (f.length != 2) {
                        throw new MediaException("In " + where + ", the fingerprint needs a hash name and a value.");
                    }
                    fingerprint = new MediaSection.Fingerprint(f[0].toLowerCase(java.util.Locale.ROOT), f[1]);
                }
                case "rtpmap" -> {
                    String[] f = arg.split(" +", 2);
                    if (f.length != 2) {
                        throw new MediaException("In " + where + ", rtpmap needs a payload type and an encoding.");
                    }
                    String[] enc = f[1].split("/");
                    if (enc.length < 2) {
                        throw new MediaException("In " + where + ", the encoding needs a name and a clock rate.");
                    }
                    rtpmap.put(number(f[0], where), enc);
                    number(enc[1], where);
                }
                case "fmtp" -> {
                    String[] f = arg.split(" +", 2);
                    fmtp.put(number(f[0], where), f.length > 1 ? f[1] : "");
                }
                case "rtcp-fb" -> {
                    String[] f = arg.split(" +", 2);
                    if (f.length == 2 && !f[0].equals("*")) {
                        feedback.computeIfAbsent(number(f[0], where), k -> new ArrayList<>()).add(f[1]);
                    }
                }
                case "extmap" -> {
                    String[] f = arg.split(" +");
                    if (f.length < 2) {
                        throw new MediaException("In " + where + ", extmap needs an id and a URI.");
                    }
                    extmap.put(number(f[0].split("/")[0], where), f[1]);
                }
                case "ssrc" -> {
                    String[] f = arg.split(" +", 2);
                    long ssrc = ssrc(f[0], where);
                    Map<String, String> attrs = ssrcs.computeIfAbsent(ssrc, k -> new LinkedHashMap<>());
                    if (f.length == 2) {
                        int c = f[1].indexOf(':');
                        attrs.put(c < 0 ? f[1] : f[1].substring(0, c), c < 0 ? "" : f[1].substring(c + 1));
                    }
                }
                case "ssrc-group" -> {
                    String[] f = arg.split(" +");
                    List<Long> members = new ArrayList<>();
                    for (int i = 1; i < f.length; i++) {
                        members.add(ssrc(f[i], where));
                    }
                    ssrcGroups.add(new MediaSection.SsrcGroup(f[0], members));
                }
                case "rid" -> {
                    String[] f = arg.split(" +");
                    if (f.length < 2) {
                        throw new MediaException("In " + where + ", rid needs an identifier and a direction.");
                    }
                    rids.add(new MediaSection.Rid(f[0], f[1]));
                }
                default -> { }
            }
        }

        MediaSection build(Section session, int index) throws MediaException {
            String what = "media section " + (index + 1) + " (" + kind + ")";
            String u = ufrag != null ? ufrag : session.ufrag;
            String p = pwd != null ? pwd : session.pwd;
            MediaSection.Fingerprint fp = fingerprint != null ? fingerprint : session.fingerprint;
            if (port != 0) {
                if (u == null || p == null) {
                    throw new MediaException("The " + what + " has no a=ice-ufrag or a=ice-pwd; ICE needs both.");
                }
                if (fp == null) {
                    throw new MediaException("The " + what + " has no a=fingerprint; DTLS-SRTP needs one.");
                }
                if (mid == null) {
                    throw new MediaException("The " + what + " has no a=mid.");
                }
            }
            List<Codec> codecs = new ArrayList<>();
            for (int pt : formats) {
                String[] enc = rtpmap.get(pt);
                if (enc == null) {
                    if (pt >= 96 && port != 0) {
                        throw new MediaException("Payload type " + pt + " of the " + what + " has no a=rtpmap line.");
                    }
                    continue;
                }
                int channels = enc.length > 2 ? number(enc[2], "channel count of payload type " + pt) : (kind.equals("audio") ? 1 : 0);
                codecs.add(new Codec(pt, enc[0], number(enc[1], "clock rate of payload type " + pt), channels,
                        fmtp.getOrDefault(pt, ""), feedback.getOrDefault(pt, List.of())));
            }
            List<MediaSection.Ssrc> ssrcList = new ArrayList<>();
            ssrcs.forEach((s, a) -> ssrcList.add(new MediaSection.Ssrc(s, a)));
            return new MediaSection(kind, port, proto, mid == null ? "" : mid,
                    direction == null ? (session.direction == null ? "sendrecv" : session.direction) : direction,
                    u == null ? "" : u, p == null ? "" : p, fp,
                    setup != null ? setup : (session.setup == null ? "" : session.setup),
                    rtcpMux, codecs, extmap, ssrcList, ssrcGroups, rids, simulcast, msid, candidates, rtcpXr);
        }

        private static int number(String s, String where) throws MediaException {
            try {
                return Integer.parseInt(s.trim());
            } catch (NumberFormatException e) {
                throw new MediaException("The " + where + " is not a number: \"" + s + "\".");
            }
        }

        private static long ssrc(String s, String where) throws MediaException {
            try {
                long v = Long.parseLong(s.trim());
                if (v < 0 || v > 0xFFFFFFFFL) {
                    throw new NumberFormatException();
                }
                return v;
            } catch (NumberFormatException e) {
                throw new MediaException("In " + where + ", \"" + s + "\" is not a 32-bit SSRC.");
            }
        }
    }
}
