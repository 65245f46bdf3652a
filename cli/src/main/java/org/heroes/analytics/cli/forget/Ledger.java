package org.heroes.analytics.cli.forget;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

/**
 * The ledger of forgotten students kept beside the backups (ADR 0011): one anonymous id a line, appended and
 * forced to disk <em>before</em> the database forgets, so that an id is never forgotten in the database without
 * being in the ledger (the reverse, after a failed forget, only makes a later re-apply forget it, which was
 * wanted). A backup taken before a forget still holds the student; after restoring one, the runbook re-applies
 * every id of the ledger ({@code --reapply}). Blank lines and lines starting with {@code #} are ignored.
 */
final class Ledger {

    private Ledger() {}

    /** Appends {@code ids}, one a line, and forces the file to disk; creates it (and its folder) if missing. */
    static void append(Path ledger, List<UUID> ids) {
        StringBuilder lines = new StringBuilder();
        ids.forEach(id -> lines.append(id).append('\n'));
        try {
            Path folder = ledger.toAbsolutePath().getParent();
            if (folder != null) {
                Files.createDirectories(folder);
            }
            try (FileChannel file = FileChannel.open(
                    ledger, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                ByteBuffer bytes = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.US_ASCII));
                while (bytes.hasRemaining()) {
                    file.write(bytes);
                }
                file.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the ledger " + ledger + "; nothing was forgotten", e);
        }
    }

    /**
     * The ids of a ledger, each once, in the order first listed.
     *
     * @throws IllegalArgumentException naming the line (not its content) if a line is not an id
     */
    static List<UUID> read(Path ledger) {
        List<String> lines;
        try {
            lines = Files.readAllLines(ledger, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the ledger " + ledger, e);
        }
        LinkedHashSet<UUID> ids = new LinkedHashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.isEmpty() && !line.startsWith("#")) {
                ids.add(StudentIds.parse(line, "line " + (i + 1) + " of " + ledger));
            }
        }
        return new ArrayList<>(ids);
    }
}
