package org.heroes.analytics.query.security;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The one-click demo sign-in of the {@code local} profile ({@code heroes.query.demo.*}); unused in any other profile.
 *
 * @param tokenFile the file holding the demo facilitator's token, minted by the local issuer ({@code scripts/demo.sh}
 *     through {@code cli simulate-term}; {@code scripts/stack.sh} passes its path); none or no file: no demo sign-in
 */
@ConfigurationProperties("heroes.query.demo")
record DemoProperties(Path tokenFile) {}
