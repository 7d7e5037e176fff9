package dev.esakit.engine.hostile;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One reply as a hostile destination puts it on the wire: its exact bytes, how they are cut into TCP segments
 * ({@code pieces}: empty means one write, else the sizes of successive writes), and the code the destination
 * meant, so that it knows whether the engine will now send the message content.
 */
record HostileReply(byte[] bytes, List<Integer> pieces, String intendedCode) {
    boolean opensData() {
        return intendedCode.equals("354");
    }

    @Override
    public String toString() {
        String text = new String(bytes, StandardCharsets.UTF_8);
        String shown = text.length() > 120 ? text.substring(0, 120) + "...(" + bytes.length + " bytes)" : text;
        return shown.replace("\r", "<CR>").replace("\n", "<LF>") + (pieces.isEmpty() ? "" : " in " + pieces.size()
                + " pieces");
    }
}
