package org.heroes.analytics.cli;

import org.heroes.analytics.cli.bench.BenchIngestCommand;
import org.heroes.analytics.cli.migrate.MigrateCommand;
import org.heroes.analytics.cli.replay.ReplayCommand;
import org.heroes.analytics.cli.term.SimulateTermCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the operator command line. */
@Command(
        name = "heroes",
        mixinStandardHelpOptions = true,
        description = "Heroes Analytics operator tools.",
        subcommands = {
            TokenCommand.class,
            SimulateTermCommand.class,
            MigrateCommand.class,
            ReplayCommand.class,
            BenchIngestCommand.class
        })
public final class HeroesCli {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with its error handling: a failure is one line on stderr and exit code 2, no stack trace. */
    static CommandLine commandLine() {
        return new CommandLine(new HeroesCli()).setExecutionExceptionHandler((failure, command, parsed) -> {
            String kind = failure instanceof IllegalArgumentException
                    ? ""
                    : failure.getClass().getSimpleName() + ": ";
            command.getErr().println("heroes " + command.getCommandName() + ": " + kind + failure.getMessage());
            return 2;
        });
    }
}
