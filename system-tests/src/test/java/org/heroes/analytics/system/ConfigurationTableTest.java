package org.heroes.analytics.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's configuration table is what a district tunes by: every {@code HEROES_*} variable a service's
 * configuration reads is in it, written out in full, and each default it quotes is the one the configuration has.
 */
class ConfigurationTableTest {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final List<String> SERVICES = List.of("aggregator-service", "ingest-service", "query-service");
    private static final Pattern VARIABLE = Pattern.compile("`(HEROES_[A-Z0-9_]+)`");
    private static final Pattern QUOTED = Pattern.compile("`([^`]*)`");

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
