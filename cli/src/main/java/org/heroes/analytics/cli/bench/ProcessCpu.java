package org.heroes.analytics.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time a process has used so far (user + system), read from Linux's {@code /proc/<pid>/stat}. On a
 * machine whose cores the load generator, the service and the broker share, CPU per event summed over
 * the processes is the figure that decides throughput, and it is far less noisy than wall-clock rates.
 */
final class ProcessCpu {

    /** {@code USER_HZ}: the unit of {@code utime} and {@code stime}; 100 on every Linux this runs on. */
    private static final long TICKS_PER_SECOND = 100;

    private ProcessCpu() {}

    /**
     * Milliseconds of CPU the process used so far, or -1 if it cannot be read (no such process, not Linux).
     *
     * @param pid the process, or {@code "self"}
     */
    static long millis(String pid) {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", pid, "stat"));
        } catch (IOException e) {
            return -1;
        }
        // the command name (field 2) may hold spaces and parentheses: count fields after its last ')'
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields[0] is field 3 (state); utime and stime are fields 14 and 15
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return ticks * 1000 / TICKS_PER_SECOND;
    }
}
