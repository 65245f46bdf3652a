package org.heroes.analytics.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** The schemas module's resources that scripts/stack.sh uses too: one source for both. */
final class ClasspathResources {

    static final String BOOTSTRAP_SQL = "db/bootstrap/create-roles-and-database.sql";
    static final String PGBOUNCER_TEMPLATE = "db/pgbouncer/pgbouncer.ini.template";

    private ClasspathResources() {}

    static String read(String name) {
        try (InputStream in = ClasspathResources.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new InfrastructureException(
                        "classpath resource " + name + " not found (is schemas on the classpath?)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InfrastructureException("could not read classpath resource " + name, e);
        }
    }
}
