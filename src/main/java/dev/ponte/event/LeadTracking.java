package dev.ponte.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.stream.Stream;

@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record LeadTracking(String src, String sck, String utmSource, String utmCampaign, String utmMedium,
                           String utmContent, String utmTerm, String utmId, String metaFbp, String googleGaId,
                           String googleGclid, String googleGclsrc, String googleDclid, String googleGbraid,
                           String googleWbraid, String tiktokTtlid, String ip) {

    /** Null when the provider sent none of the fields, so consumers never see an object of nulls. */
    public LeadTracking orNullIfEmpty() {
        return Stream.of(src, sck, utmSource, utmCampaign, utmMedium, utmContent, utmTerm, utmId, metaFbp,
                googleGaId, googleGclid, googleGclsrc, googleDclid, googleGbraid, googleWbraid, tiktokTtlid, ip)
                .allMatch(v -> v == null) ? null : this;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Seventeen optional strings read better by name than by position. */
    public static final class Builder {
        private String src, sck, utmSource, utmCampaign, utmMedium, utmContent, utmTerm, utmId, metaFbp, googleGaId,
                googleGclid, googleGclsrc, googleDclid, googleGbraid, googleWbraid, tiktokTtlid, ip;

        public Builder src(String v) { src = v; return this; }
        public Builder sck(String v) { sck = v; return this; }
        public Builder utmSource(String v) { utmSource = v; return this; }
        public Builder utmCampaign(String v) { utmCampaign = v; return this; }
        public Builder utmMedium(String v) { utmMedium = v; return this; }
        public Builder utmContent(String v) { utmContent = v; return this; }
        public Builder utmTerm(String v) { utmTerm = v; return this; }
        public Builder utmId(String v) { utmId = v; return this; }
        public Builder metaFbp(String v) { metaFbp = v; return this; }
        public Builder googleGaId(String v) { googleGaId = v; return this; }
        public Builder googleGclid(String v) { googleGclid = v; return this; }
        public Builder googleGclsrc(String v) { googleGclsrc = v; return this; }
        public Builder googleDclid(String v) { googleDclid = v; return this; }
        public Builder googleGbraid(String v) { googleGbraid = v; return this; }
        public Builder googleWbraid(String v) { googleWbraid = v; return this; }
        public Builder tiktokTtlid(String v) { tiktokTtlid = v; return this; }
        public Builder ip(String v) { ip = v; return this; }

        /** The lead tracking, or null when every field is null. */
        public LeadTracking build() {
            return new LeadTracking(src, sck, utmSource, utmCampaign, utmMedium, utmContent, utmTerm, utmId, metaFbp,
                    googleGaId, googleGclid, googleGclsrc, googleDclid, googleGbraid, googleWbraid, tiktokTtlid, ip)
                    .orNullIfEmpty();
        }
    }
}
