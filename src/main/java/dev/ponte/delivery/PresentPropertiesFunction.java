package dev.ponte.delivery;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.spi.PropertiesFunction;

/**
 * {@code {{ponte-present:some.property}}} is {@code true} when the property is set and not blank, else
 * {@code false}. The forwarding route file starts with {@code autoStartup: "{{ponte-present:ponte.forward.url}}"},
 * so it stays stopped (and declares no queue) while no URL is configured.
 */
@org.apache.camel.spi.annotations.PropertiesFunction(PresentPropertiesFunction.NAME)
public class PresentPropertiesFunction implements PropertiesFunction, CamelContextAware {

    public static final String NAME = "ponte-present";

    private CamelContext camelContext;

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String apply(String remainder) {
        String value = camelContext.getPropertiesComponent().resolveProperty(remainder.trim()).orElse(null);
        return String.valueOf(value != null && !value.isBlank());
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }
}
