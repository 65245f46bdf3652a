package org.heroes.analytics.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * A YAML file read as plain maps, lists and strings (SnakeYAML, which Spring Boot brings): the compose
 * file, a service's own configuration, Prometheus' scrape config. Comments are gone, so only what the
 * tools read is checked, and the walk over every scalar finds every {@code ${…}} reference.
 */
final class YamlFile {

    /** A compose interpolation: {@code ${NAME}}, {@code ${NAME:-default}}, {@code ${NAME:?message}}. */
    static final Pattern COMPOSE_VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)((:?[-?])[^}]*)?}");

    /** A Spring placeholder of the project's vocabulary, nested ones included. */
    static final Pattern SPRING_VARIABLE = Pattern.compile("\\$\\{(HEROES_[A-Z0-9_]+)");

    /** A Spring placeholder without a default: the service does not start without the variable. */
    static final Pattern SPRING_REQUIRED_VARIABLE = Pattern.compile("\\$\\{(HEROES_[A-Z0-9_]+)}");

    /** The first document: a compose file's only one, or a Spring file's profile-less one. */
    private final Map<String, Object> root;

    /** Every document ({@code ---}-separated; Spring's profile sections), for the scan of scalars. */
    private final List<Object> documents;

    private YamlFile(Map<String, Object> root, List<Object> documents) {
        this.root = root;
        this.documents = documents;
    }

    @SuppressWarnings("unchecked")
    static YamlFile read(Path file) {
        try {
            List<Object> documents = new ArrayList<>();
            new Yaml().loadAll(Files.readString(file)).forEach(document -> {
                if (document != null) {
                    documents.add(document);
                }
            });
            if (documents.isEmpty()) {
                throw new IllegalStateException(file + " is empty");
            }
            if (!(documents.get(0) instanceof Map)) {
                throw new IllegalStateException(file + "'s first document is not a mapping");
            }
            return new YamlFile((Map<String, Object>) documents.get(0), List.copyOf(documents));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The mapping at a path of keys, e.g. {@code map("services", "postgres")}; empty when absent. */
    @SuppressWarnings("unchecked")
    Map<String, Object> map(String... keys) {
        Object node = at(keys);
        if (node == null) {
            return Map.of();
        }
        if (!(node instanceof Map)) {
            throw new IllegalStateException(String.join(".", keys) + " is not a mapping: " + node);
        }
        return (Map<String, Object>) node;
    }

    /** The sequence at a path of keys, its items as strings; empty when absent. */
    List<String> list(String... keys) {
        Object node = at(keys);
        if (node == null) {
            return List.of();
        }
        if (!(node instanceof List<?> items)) {
            throw new IllegalStateException(String.join(".", keys) + " is not a sequence: " + node);
        }
        return items.stream().map(String::valueOf).toList();
    }

    /** The scalar at a path of keys as a string, or null. */
    String text(String... keys) {
        Object node = at(keys);
        return node == null ? null : String.valueOf(node);
    }

    /** The scalar or the sequence at a path, as one string (a sequence's items joined by spaces). */
    String words(String... keys) {
        Object node = at(keys);
        if (node instanceof List<?> items) {
            return String.join(" ", items.stream().map(String::valueOf).toList());
        }
        return node == null ? null : String.valueOf(node);
    }

    /** A service's volumes written in the long form ({@code type}, {@code source}, {@code target}, ...). */
    List<Map<?, ?>> longFormVolumes(String service) {
        Object node = at("services", service, "volumes");
        if (!(node instanceof List<?> items)) {
            return List.of();
        }
        return items.stream()
                .filter(Map.class::isInstance)
                .<Map<?, ?>>map(Map.class::cast)
                .toList();
    }

    /** A service's environment, which must be the mapping form (NAME: value). */
    Map<String, String> environment(String service) {
        Map<String, String> environment = new LinkedHashMap<>();
        map("services", service, "environment").forEach((name, value) -> environment.put(name, String.valueOf(value)));
        return environment;
    }

    /**
     * Every scalar of the file with the path to it, e.g. {@code services.postgres.image -> postgres:15}; those of a
     * later document prefixed by its number ({@code #1.logging.structured.format.console -> ecs}).
     */
    Map<String, String> scalars() {
        Map<String, String> scalars = new LinkedHashMap<>();
        for (int i = 0; i < documents.size(); i++) {
            collect(i == 0 ? "" : "#" + i, documents.get(i), scalars);
        }
        return scalars;
    }

    /** The names of every {@code ${…}} a scalar of this (compose) file interpolates. */
    Set<String> composeVariables() {
        Set<String> names = new TreeSet<>();
        scalars().values().forEach(value -> {
            Matcher m = COMPOSE_VARIABLE.matcher(value);
            while (m.find()) {
                names.add(m.group(1));
            }
        });
        return names;
    }

    /** Every {@code ${…}} of this (compose) file with where it is, as {@code path: expression}. */
    List<String> composeExpressions() {
        List<String> expressions = new ArrayList<>();
        scalars().forEach((path, value) -> {
            Matcher m = COMPOSE_VARIABLE.matcher(value);
            while (m.find()) {
                expressions.add(path + ": " + m.group());
            }
        });
        return expressions;
    }

    /** The HEROES_* variables a Spring configuration file reads, with or without a default. */
    Set<String> springVariables() {
        return springMatches(SPRING_VARIABLE);
    }

    /** A Spring placeholder with a plain default (no placeholder nested in it): name and default. */
    static final Pattern SPRING_DEFAULTED_VARIABLE = Pattern.compile("\\$\\{(HEROES_[A-Z0-9_]+):([^${}]*)}");

    /** The HEROES_* variables a Spring configuration file reads with a plain default, and that default. */
    Map<String, String> springDefaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        scalars().values().forEach(value -> {
            Matcher m = SPRING_DEFAULTED_VARIABLE.matcher(value);
            while (m.find()) {
                defaults.put(m.group(1), m.group(2));
            }
        });
        return defaults;
    }

    /** The HEROES_* variables a Spring configuration file reads without a default. */
    Set<String> requiredSpringVariables() {
        return springMatches(SPRING_REQUIRED_VARIABLE);
    }

    private Set<String> springMatches(Pattern pattern) {
        Set<String> names = new TreeSet<>();
        scalars().values().forEach(value -> {
            Matcher m = pattern.matcher(value);
            while (m.find()) {
                names.add(m.group(1));
            }
        });
        return names;
    }

    private Object at(String... keys) {
        Object node = root;
        for (String key : keys) {
            if (!(node instanceof Map<?, ?> map)) {
                return null;
            }
            node = map.get(key);
        }
        return node;
    }

    private static void collect(String path, Object node, Map<String, String> into) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> collect(path.isEmpty() ? String.valueOf(key) : path + "." + key, value, into));
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                collect(path + "[" + i + "]", list.get(i), into);
            }
        } else if (node != null) {
            into.put(path, String.valueOf(node));
        }
    }
}
