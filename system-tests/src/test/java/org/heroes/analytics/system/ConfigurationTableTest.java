package org.heroes.analytics.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's configuration table is what a district tunes by: every {@code HEROES_*} variable a service's
 * configuration reads is in it, written out in full, and each default it quotes is the one the configuration has.
 * The modules' READMEs name properties and say what they mean, but quote no default: the values live in the
 * services' yml (and the properties records), where they cannot drift from what runs.
 */
class ConfigurationTableTest {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final List<String> SERVICES = List.of("aggregator-service", "ingest-service", "query-service");
    private static final Pattern VARIABLE = Pattern.compile("`(HEROES_[A-Z0-9_]+)`");
    private static final Pattern QUOTED = Pattern.compile("`([^`]*)`");

    /** A property named in prose and its value beside it: {@code `a.b.c` (default 5)}. */
    private static final Pattern PROSE_DEFAULT =
            Pattern.compile("`[a-z][a-z0-9-]*(\\.[a-z0-9-]+)+`[^|\\n]{0,40}\\(default\\b", Pattern.CASE_INSENSITIVE);

    @Test
    void everyVariableAServiceReadsIsInTheReadmesTable() throws IOException {
        Map<String, String> table = readmeTable();
        List<String> missing = new ArrayList<>();
        for (String service : SERVICES) {
            config(service).springVariables().stream()
                    .filter(name -> !table.containsKey(name))
                    .forEach(name -> missing.add(service + ": " + name));
        }
        assertThat(missing)
                .as("variables a service reads that the README's configuration table does not name")
                .isEmpty();
    }

    @Test
    void eachDefaultTheTableQuotesIsTheConfigurationsDefault() throws IOException {
        Map<String, String> table = readmeTable();
        List<String> wrong = new ArrayList<>();
        for (String service : SERVICES) {
            config(service).springDefaults().forEach((name, value) -> {
                String quoted = table.get(name);
                if (quoted != null && !quoted.equals(value)) {
                    wrong.add("%s: %s is %s, the README says %s".formatted(service, name, value, quoted));
                }
            });
        }
        assertThat(wrong).as("defaults the README quotes wrongly").isEmpty();
    }

    @Test
    void moduleReadmesQuoteNoDefaults() throws IOException {
        List<String> quoting = new ArrayList<>();
        try (Stream<Path> modules = Files.list(REPO)) {
            for (Path readme : modules.map(module -> module.resolve("README.md"))
                    .filter(readme -> Files.exists(readme.resolveSibling("pom.xml")))
                    .sorted()
                    .toList()) {
                List<String> lines = Files.readAllLines(readme);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i);
                    boolean defaultColumn = line.startsWith("| property")
                            && Arrays.stream(line.split("\\|"))
                                    .map(String::strip)
                                    .anyMatch("default"::equalsIgnoreCase);
                    if (defaultColumn || PROSE_DEFAULT.matcher(line).find()) {
                        quoting.add("%s:%d: %s".formatted(REPO.relativize(readme), i + 1, line));
                    }
                }
            }
        }
        assertThat(quoting)
                .as("module README lines quoting a property's default (name it; its value is in the yml)")
                .isEmpty();
    }

    /**
     * Each variable of the table's rows, with the default its row quotes: a row naming n variables and quoting n
     * defaults pairs them in order; otherwise the variable maps to null (named, no default checked).
     */
    private static Map<String, String> readmeTable() throws IOException {
        String readme = Files.readString(REPO.resolve("README.md"));
        String section = readme.substring(readme.indexOf("## Configuration"));
        section = section.substring(0, section.indexOf("\n## ", 3));
        Map<String, String> table = new LinkedHashMap<>();
        for (String line :
                section.lines().filter(l -> l.startsWith("| `HEROES_")).toList()) {
            String[] cells = line.split("\\|");
            List<String> names = matches(VARIABLE, cells[1]);
            List<String> defaults = matches(QUOTED, cells[cells.length - 1]);
            for (int i = 0; i < names.size(); i++) {
                table.put(names.get(i), names.size() == defaults.size() ? defaults.get(i) : null);
            }
        }
        return table;
    }

    private static List<String> matches(Pattern pattern, String text) {
        List<String> found = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static YamlFile config(String service) {
        return YamlFile.read(REPO.resolve(service + "/src/main/resources/" + service + ".yml"));
    }
}
