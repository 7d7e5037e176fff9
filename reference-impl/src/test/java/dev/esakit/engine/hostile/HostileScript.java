package dev.esakit.engine.hostile;

import java.io.IOException;
import java.util.List;

/**
 * What a hostile destination says on each connection: the replies in order (the greeting first, then one per
 * command the engine sends, content after a 354 read up to its dot), then how it ends when it has nothing more
 * to say: it closes, or holds the connection open and silent until the engine gives up.
 */
record HostileScript(List<HostileReply> replies, Ending ending) implements RawDestination.Conversation {
    enum Ending { CLOSE, HOLD_OPEN }

    @Override
    public void run(RawDestination.Wire wire) throws IOException {
        int next = 0;
        if (!replies.isEmpty()) {
            send(wire, replies.get(next++));
        }
        boolean dataNext = false;
        while (next < replies.size()) {
            if (dataNext) {
                dataNext = false;
                if (!wire.content()) {
                    return;
                }
            } else {
                String command = wire.command();
                if (command == null) {
                    return;
                }
                dataNext = command.regionMatches(true, 0, "DATA", 0, 4) && replies.get(next).opensData();
            }
            send(wire, replies.get(next++));
        }
        if (ending == Ending.CLOSE) {
            wire.close();
        } else {
            wire.holdOpenUntilPeerCloses();
        }
    }

    private static void send(RawDestination.Wire wire, HostileReply reply) throws IOException {
        wire.writeInPieces(reply.bytes(), reply.pieces());
    }
}
