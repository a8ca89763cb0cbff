package dev.ponte.console;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The operator console ({@code /admin/} on the management port) and its admin API ({@code /admin/api/}).
 *
 * @param showPersonalData show customers' e-mails and documents in full (off: masked in the page and the API)
 * @param sessionTimeout   how long a console login lasts
 */
@ConfigurationProperties("ponte.console")
public record ConsoleProperties(@DefaultValue("false") boolean showPersonalData,
                                @DefaultValue("8h") Duration sessionTimeout) {
}
