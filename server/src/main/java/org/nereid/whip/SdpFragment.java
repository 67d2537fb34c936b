package org.nereid.whip;

import java.util.ArrayList;
import java.util.List;

/**
 * The ICE part of a session description (RFC 8840 section 9,
 * {@code application/trickle-ice-sdpfrag}): what a WHIP client PATCHes to trickle
 * candidates or restart ICE, and what the server answers to a restart.
 *
 * @param ufrag      the fragment's {@code a=ice-ufrag}, or null when it names none
 * @param pwd        its {@code a=ice-pwd}, or null
 * @param candidates its candidates, each with the media section it belongs to
 */
record SdpFragment(String ufrag, String pwd, List<Candidate> candidates) {

    /** Far more than any client gathers; a fragment with more is refused. */
    static final int MAX_CANDIDATES = 100;

    /**
     * @param line  the attribute's value, starting "candidate:"
     * @param mid   the mid of its section, or null (then {@code index} counts)
     * @param index the position of its section in the fragment, -1 for a session-level candidate
     */
    record Candidate(String line, String mid, int index) {
    }

    SdpFragment {
        candidates = List.copyOf(candidates);
    }

    /**
     * Reads a fragment. As Galène, the ufrag and password may stand at the session level or
     * in any section (clients differ); unknown attributes are ignored.
     *
     * @throws IllegalArgumentException with a sentence, for text that is no SDP fragment
     */
    static SdpFragment parse(String text) {
        String ufrag = null;
        String pwd = null;
        List<Candidate> candidates = new ArrayList<>();
        List<String[]> pending = new ArrayList<>(); // candidates of the current section: line, section index
        String mid = null;
        int section = -1;
        for (String line : text.split("\r?\n")) {
            if (line.isEmpty()) {
                continue;
            }
            if (line.length() < 2 || line.charAt(1) != '=' || line.charAt(0) < 'a' || line.charAt(0) > 'z') {
                throw new IllegalArgumentException("Line \"" + shorten(line) + "\" of the fragment is not an SDP line"
                        + " (x=value).");
            }
            if (line.startsWith("m=")) {
                flush(pending, mid, candidates);
                section++;
                mid = null;
            } else if (line.startsWith("a=mid:")) {
                mid = line.substring("a=mid:".length());
            } else if (line.startsWith("a=ice-ufrag:") && ufrag == null) {
                ufrag = line.substring("a=ice-ufrag:".length()).trim();
            } else if (line.startsWith("a=ice-pwd:") && pwd == null) {
                pwd = line.substring("a=ice-pwd:".length()).trim();
            } else if (line.startsWith("a=candidate:")) {
                if (candidates.size() + pending.size() >= MAX_CANDIDATES) {
                    throw new IllegalArgumentException("The fragment has more than " + MAX_CANDIDATES + " candidates.");
                }
                pending.add(new String[] {line.substring(2), Integer.toString(section)});
            }
        }
        flush(pending, mid, candidates);
        return new SdpFragment(ufrag, pwd, candidates);
    }

    private static void flush(List<String[]> pending, String mid, List<Candidate> into) {
        for (String[] p : pending) {
            int index = Integer.parseInt(p[1]);
            into.add(new Candidate(p[0], index < 0 ? null : mid, index));
        }
        pending.clear();
    }

    /** The ufrag and password of a whole description: the session's, else the first section's that has them. */
    static String[] credentials(String sdp) {
        String ufrag = null;
        String pwd = null;
        for (String line : sdp.split("\r?\n")) {
            if (line.startsWith("a=ice-ufrag:") && ufrag == null) {
                ufrag = line.substring("a=ice-ufrag:".length()).trim();
            } else if (line.startsWith("a=ice-pwd:") && pwd == null) {
                pwd = line.substring("a=ice-pwd:".length()).trim();
            }
        }
        return new String[] {ufrag, pwd};
    }

    /** Whether this fragment restarts ICE: it names credentials other than {@code current}'s. */
    boolean restarts(String[] current) {
        return ufrag != null && !ufrag.equals(current[0]) || pwd != null && !pwd.equals(current[1]);
    }

    /**
     * {@code offer} as it would have been with this fragment's credentials and candidates:
     * the offer a restart renegotiates with. Its old candidates go; each new one joins the
     * section it names (by mid, else by position), a session-level one the first section.
     */
    String patch(String offer) {
        StringBuilder out = new StringBuilder();
        int section = -1;
        String mid = null;
        for (String line : offer.split("\r?\n")) {
            if (line.startsWith("m=")) {
                appendCandidates(out, section, mid);
                section++;
                mid = null;
            } else if (line.startsWith("a=mid:")) {
                mid = line.substring("a=mid:".length());
            }
            if (line.startsWith("a=ice-ufrag:")) {
                line = "a=ice-ufrag:" + ufrag;
            } else if (line.startsWith("a=ice-pwd:")) {
                line = "a=ice-pwd:" + pwd;
            } else if (line.startsWith("a=candidate:") || line.startsWith("a=end-of-candidates")) {
                continue;
            }
            out.append(line).append("\r\n");
        }
        appendCandidates(out, section, mid);
        return out.toString();
    }

    private void appendCandidates(StringBuilder out, int section, String mid) {
        if (section < 0) {
            return;
        }
        for (Candidate c : candidates) {
            boolean here = c.mid() != null ? c.mid().equals(mid) : c.index() == section || c.index() < 0 && section == 0;
            if (here) {
                out.append("a=").append(c.line()).append("\r\n");
            }
        }
    }

    /**
     * The fragment a restart answers with (RFC 9725 section 4.4.2): the answer's new ufrag
     * and password, then each section's m-line, mid and candidates.
     */
    static String ofAnswer(String answer) {
        String[] credentials = credentials(answer);
        StringBuilder out = new StringBuilder();
        out.append("a=ice-ufrag:").append(credentials[0]).append("\r\n");
        out.append("a=ice-pwd:").append(credentials[1]).append("\r\n");
        boolean inSection = false;
        for (String line : answer.split("\r?\n")) {
            if (line.startsWith("m=")) {
                inSection = true;
                out.append(line).append("\r\n");
            } else if (inSection && (line.startsWith("a=mid:") || line.startsWith("a=candidate:")
                    || line.startsWith("a=end-of-candidates"))) {
                out.append(line).append("\r\n");
            }
        }
        return out.toString();
    }

    private static String shorten(String line) {
        return line.length() <= 40 ? line : line.substring(0, 40) + "…";
    }
}
