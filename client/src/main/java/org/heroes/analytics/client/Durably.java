package org.heroes.analytics.client;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The two file-system steps the queue's crash safety rests on. Data goes through {@link FileOutputStream}
 * and {@code FileDescriptor.sync()} (fsync), not through a {@code FileChannel}: an interrupted thread closes a
 * channel it was using, and an app that interrupts the thread calling {@code enqueue} must not break the
 * queue for every other thread.
 */
final class Durably {

    private Durably() {}

    /**
     * Replaces {@code target} with {@code bytes} so that a crash at any point leaves either the old file or the
     * new one, whole: the bytes go to a temporary file, which is synced, renamed over the target in one atomic
     * step, and the directory synced so that the rename itself survives a power cut.
     */
    static void replace(Path target, byte[] bytes) throws IOException {
        Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileOutputStream out = new FileOutputStream(temporary.toFile())) {
            out.write(bytes);
            out.getFD().sync();
        }
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(target.getParent());
    }

    /**
     * Makes the directory's entries (a file created, renamed) durable. Windows cannot open a directory for
     * this; its file system commits renames in its journal, so there is nothing to do there.
     */
    static void syncDirectory(Path directory) throws IOException {
        if (File.separatorChar == '\\') {
            return;
        }
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
