package org.refvlm.core.internal.logging;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything logged through the OSGi Log Service goes to the platform log (SLF4J): Declarative
 * Services' reasons why a component did not activate, and the framework's own errors, which the
 * Log Service records as entries. Without this, a third-party decoder that fails to start leaves
 * no trace in {@code var/refvlm.log}.
 */
@Component(immediate = true)
public final class LogServiceToSlf4j implements LogListener {

    private final LogReaderService reader;

    @org.osgi.service.component.annotations.Activate
    public LogServiceToSlf4j(@Reference LogReaderService reader) {
        this.reader = reader;
        reader.addLogListener(this);
    }

    @Deactivate
    void deactivate() {
        reader.removeLogListener(this);
    }

    @Override
    public void logged(LogEntry entry) {
        String source = entry.getBundle() == null ? "framework" : entry.getBundle().getSymbolicName();
        Logger log = LoggerFactory.getLogger("osgi." + (entry.getLoggerName() == null ? source : entry.getLoggerName()));
        String message = "[" + source + "] " + entry.getMessage();
        Throwable failure = entry.getException();
        switch (entry.getLogLevel()) {
            case AUDIT, ERROR -> log.error(message, failure);
            case WARN -> log.warn(message, failure);
            case INFO -> log.info(message, failure);
            default -> log.debug(message, failure);
        }
    }
}
