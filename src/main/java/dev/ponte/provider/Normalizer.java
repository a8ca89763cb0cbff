package dev.ponte.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Maps an authenticated provider payload to the unified fields. Must not throw for a payload it does not
 * understand: it returns {@link Normalization#unmapped} instead. A field of the wrong type may throw
 * {@link dev.ponte.event.NormalizationException}, which the ingress also turns into a parked event.
 */
public interface Normalizer {

    Normalization normalize(ObjectNode body);
}
