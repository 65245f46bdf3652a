package org.heroes.analytics.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The README draws how the modules depend on each other; the drawing is the poms' compile-scope dependencies on the
 * project's own modules, no more and no less, so that a successor can trust it.
 */
class ModuleGraphTest {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    private static final Pattern DEPENDENCY = Pattern.compile("<dependency>(.*?)</dependency>", Pattern.DOTALL);
    private static final Pattern ARTIFACT = Pattern.compile("<artifactId>([^<]+)</artifactId>");
    private static final Pattern SCOPE = Pattern.compile("<scope>([^<]+)</scope>");

    @Test
    void theReadmesDrawingIsThePomsCompileDependenciesOnOurModules() throws IOException {
        assertThat(drawn()).isEqualTo(fromPoms());
    }

    /** Each module (but system-tests, which tests all of them) with the project modules it compiles against. */
    private static Map<String, Set<String>> fromPoms() throws IOException {
        Set<String> modules = new TreeSet<>(matches(MODULE, Files.readString(REPO.resolve("pom.xml"))));
        modules.remove("system-tests");
        Map<String, Set<String>> graph = new TreeMap<>();
        for (String module : modules) {
            String pom = Files.readString(REPO.resolve(module).resolve("pom.xml"));
            Set<String> uses = new TreeSet<>();
            Matcher dependency = DEPENDENCY.matcher(pom);
            while (dependency.find()) {
                Matcher artifact = ARTIFACT.matcher(dependency.group(1));
                Matcher scope = SCOPE.matcher(dependency.group(1));
                if (artifact.find()
                        && modules.contains(artifact.group(1))
                        && (!scope.find() || scope.group(1).equals("compile"))) {
                    uses.add(artifact.group(1));
                }
            }
            graph.put(module, uses);
        }
        return graph;
    }

    /** The README's drawing: "a ──▶ b, c" lines, and one "x, y: none of ours" line. */
    private static Map<String, Set<String>> drawn() throws IOException {
        String readme = Files.readString(REPO.resolve("README.md"));
        int start = readme.indexOf("```text\n", readme.indexOf("## Modules"));
        String drawing = readme.substring(start + "```text\n".length(), readme.indexOf("```", start + 7));
        Map<String, Set<String>> graph = new TreeMap<>();
        for (String line : drawing.strip().split("\n")) {
            if (line.endsWith(": none of ours")) {
                for (String module : split(line.substring(0, line.length() - ": none of ours".length()))) {
                    graph.put(module, new TreeSet<>());
                }
            } else {
                String[] sides = line.split("──▶");
                graph.put(sides[0].strip(), new TreeSet<>(split(sides[1])));
            }
        }
        return graph;
    }

    private static Set<String> split(String list) {
        return Arrays.stream(list.split(",")).map(String::strip).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> matches(Pattern pattern, String text) {
        Set<String> found = new TreeSet<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }
}
