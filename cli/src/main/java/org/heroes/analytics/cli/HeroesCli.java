package org.heroes.analytics.cli;

import org.heroes.analytics.cli.backfill.BackfillCommand;
import org.heroes.analytics.cli.bench.BenchFreshnessCommand;
import org.heroes.analytics.cli.bench.BenchIngestCommand;
import org.heroes.analytics.cli.forget.ForgetStudentCommand;
import org.heroes.analytics.cli.migrate.MigrateCommand;
import org.heroes.analytics.cli.redrive.RedriveCommand;
import org.heroes.analytics.cli.replay.ReplayCommand;
import org.heroes.analytics.cli.rollups.RebuildRollupsCommand;
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
            BackfillCommand.class,
            ReplayCommand.class,
            RebuildRollupsCommand.class,
            RedriveCommand.class,
            ForgetStudentCommand.class,
            BenchIngestCommand.class,
            BenchFreshnessCommand.class
        })
public final class HeroesCli {

    /**
     * Logback's configuration of this tool (problems only, on stderr; stdout is the command's), named so that it is
     * not picked up by the applications of other modules that have the CLI on their class path (as logback.xml
     * would be).
     */
    private static final String LOGGING = "heroes-cli-logback.xml";

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", LOGGING);
        }
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line with its error handling: a failure, or a bad argument, is one line on stderr and
     * exit code 2, no stack trace and no usage text ({@code --help} has it).
     */
    public static CommandLine commandLine() {
        return new CommandLine(new HeroesCli())
                .setExecutionExceptionHandler((failure, command, parsed) -> {
                    String kind = failure instanceof IllegalArgumentException
                            ? ""
                            : failure.getClass().getSimpleName() + ": ";
                    command.getErr().println("heroes " + command.getCommandName() + ": " + kind + failure.getMessage());
                    return 2;
                })
                .setParameterExceptionHandler((failure, args) -> {
                    CommandLine command = failure.getCommandLine();
                    command.getErr().println("heroes " + command.getCommandName() + ": " + failure.getMessage());
                    return 2;
                });
    }
}
