/**
 * Children's privacy on the read side: small-cell suppression of averages of student-submitted values (ADR 0006).
 */
package org.heroes.analytics.query.privacy;
