package org.trdoutcomes.ingest.omop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.trdoutcomes.rules.Scale;
import org.trdoutcomes.rules.Treatment;
import org.trdoutcomes.rules.TreatmentCatalogue;

/** The mapping rules of omop.md §3 and the diagnosis concepts of §2, each from its definition. */
class OmopVocabularyTest {

    private final TreatmentCatalogue catalogue = TreatmentCatalogue.defaults();

    private OmopVocabulary vocabulary(TreatmentCatalogue c, long... drugConcepts) {
        LongHashSet ids = new LongHashSet();
        for (long id : drugConcepts) {
            ids.add(id);
        }
        return new OmopVocabulary(c, OmopConcepts.load(c), new TreatmentNames(c), ids);
    }

    private static String name(Treatment t) {
        return t == null ? null : t.canonicalName();
    }

    @Test
    void everyBuiltInIngredientOfTheSpecTableMapsToItsCatalogueTreatment() {
        OmopConcepts known = OmopConcepts.load(catalogue);
        assertThat(known.ingredients).hasSize(37);
        assertThat(name(known.ingredients.get(739138L))).isEqualTo("sertraline");
        assertThat(name(known.ingredients.get(1366610L))).isEqualTo("esketamine");
        assertThat(name(known.ingredients.get(1501700L))).isEqualTo("levothyroxine");
        assertThat(name(known.procedures.get(2795842L))).isEqualTo("electroconvulsive therapy");
        assertThat(name(known.procedures.get(4079608L))).isEqualTo("psychotherapy");
    }

    @Test
    void ruleOneWinsOverEveryOtherRule() {
        OmopVocabulary v = vocabulary(catalogue, 739138);
        v.ancestorTablePresent();
        v.concept(739138, "citalopram", "Ingredient");
        assertThat(name(v.drug(739138, "venlafaxine"))).isEqualTo("sertraline");
    }

    @Test
    void ruleTwoTakesTheNearestMappedAncestorThenTheSmallestId() {
        OmopVocabulary v = vocabulary(catalogue, 5000);
        v.concept(9001, "Lithium", "Ingredient");
        v.concept(9002, "Quetiapine", "Ingredient");
        v.concept(9003, "Sertraline", "Clinical Drug"); // not an ingredient: never an ancestor candidate
        v.ancestorTablePresent();
        v.ancestor(9003, 5000, 0);
        v.ancestor(739138, 5000, 3); // built in, but farther
        v.ancestor(9002, 5000, 2);
        v.ancestor(9001, 5000, 2); // as near as 9002, smaller id
        v.ancestor(12345, 5000, 1); // nearest, but maps to nothing
        assertThat(name(v.drug(5000, null))).isEqualTo("lithium");
    }

    @Test
    void ruleTwoAppliesOnlyWhenConceptAncestorIsPresentThenRuleThreeByLongestWordPrefix() {
        OmopVocabulary v = vocabulary(catalogue, 5000, 5001, 5002);
        v.concept(5000, "sertraline 50 MG Oral Tablet", "Clinical Drug");
        v.concept(5001, "sertralinex 50 MG", "Clinical Drug");
        v.concept(5002, "lithium carbonate 300 MG Oral Capsule", "Clinical Drug");
        v.ancestor(739138, 5001, 1); // ignored: the table was never announced as present
        assertThat(name(v.drug(5000, null))).isEqualTo("sertraline");
        assertThat(name(v.drug(5001, null))).isNull();
        assertThat(name(v.drug(5002, null))).isEqualTo("lithium");
    }

    @Test
    void ruleFourUsesTheSourceValueAndRuleFiveLeavesTheRowUnmapped() {
        OmopVocabulary v = vocabulary(catalogue, 0);
        assertThat(name(v.drug(0, "Effexor XR 75mg capsule"))).isEqualTo("venlafaxine");
        assertThat(name(v.drug(0, "Wellbutrin XL 300"))).isEqualTo("bupropion");
        assertThat(v.drug(0, "Herbal tea")).isNull();
        assertThat(v.drug(0, null)).isNull();
    }

    @Test
    void aCatalogueExtensionAddsNamesAndOmopConceptIds() {
        TreatmentCatalogue extended = catalogue.extendedWith(new StringReader(
                "canonical_name,class,minimum_dose,dose_unit,synonyms\n"
                + "zuranolone,OTHER_AD,50,mg,Zurzuvae|omop:1990001\n"
                + "sertraline,SSRI,50,mg,Zoloft|Lustral|SERT-LOCAL\n"
                + "lithium,LITHIUM,,,lithium carbonate|omop:19124477\n"
                + "electroconvulsive therapy,ECT,,,ECT|omop:4000001\n"), "site.csv");
        OmopVocabulary v = vocabulary(extended, 1990001, 19124477, 0);
        assertThat(name(v.drug(1990001, null))).isEqualTo("zuranolone");
        assertThat(name(v.drug(19124477, null))).isEqualTo("lithium");
        assertThat(name(v.drug(0, "SERT-LOCAL 100"))).isEqualTo("sertraline");
        assertThat(name(v.drug(0, "Zurzuvae 25 MG"))).isEqualTo("zuranolone");
        assertThat(name(OmopConcepts.load(extended).procedures.get(4000001L))).isEqualTo("electroconvulsive therapy");
        assertThat(v.drug(0, "omop:1990001")).as("a concept synonym is not a name").isNull();
    }

    @Test
    void drugStrengthCountsOnlyTheIngredientOfTheRowsTreatmentInMilligrams() {
        OmopVocabulary v = vocabulary(catalogue, 5000);
        v.concept(9001, "Olanzapine", "Ingredient");
        v.strength(5000, 755695, 25); // fluoxetine (rule 1)
        v.strength(5000, 9001, 6); // olanzapine by name
        v.strength(6000, 755695, 99); // a drug no row uses: not kept
        assertThat(v.amountMg(5000, catalogue.find("fluoxetine").orElseThrow())).isEqualTo(25.0);
        assertThat(v.amountMg(5000, catalogue.find("olanzapine").orElseThrow())).isEqualTo(6.0);
        assertThat(v.amountMg(5000, catalogue.find("sertraline").orElseThrow())).isNaN();
        assertThat(v.amountMg(6000, catalogue.find("fluoxetine").orElseThrow())).isNaN();
    }

    @Test
    void diagnosisFlagsComeFromConceptsTheirDescendantsAndIcd10PrefixesWithoutDots() {
        OmopVocabulary v = vocabulary(catalogue);
        v.ancestorTablePresent();
        v.ancestor(436676, 777, 2); // a descendant of post-traumatic stress disorder
        assertThat(v.conditionFlags(777, null)).isEqualTo(DiagnosisFlag.TRAUMA.bit());
        assertThat(v.conditionFlags(436665, null)).isEqualTo(DiagnosisFlag.BIPOLAR.bit());
        assertThat(v.conditionFlags(0, "f43.10")).isEqualTo(DiagnosisFlag.TRAUMA.bit());
        assertThat(v.conditionFlags(0, "F43.2")).isZero();
        for (String code : new String[] {"F10.2", "F19", "F15.10"}) {
            assertThat(v.conditionFlags(0, code)).as(code).isEqualTo(DiagnosisFlag.SUBSTANCE_USE.bit());
        }
        assertThat(v.conditionFlags(0, "F20")).isZero();
        assertThat(v.conditionFlags(0, "F33.3")).isEqualTo(DiagnosisFlag.PSYCHOTIC_FEATURES.bit());
        assertThat(v.conditionFlags(438409, "E03.9"))
                .isEqualTo(DiagnosisFlag.ADHD.bit() | DiagnosisFlag.HYPOTHYROIDISM.bit());
    }

    @Test
    void scaleConceptsAreConfigurableAndPhq9IsBuiltIn() {
        assertThat(OmopSettings.parseScales(Map.of())).containsExactly(Map.entry(Scale.PHQ9, List.of(3042932L)));
        assertThat(OmopSettings.parseScales(Map.of("HAMD17", "3008145, 40758866", "PHQ9", "3042932,1")))
                .containsEntry(Scale.HAMD17, List.of(3008145L, 40758866L)).containsEntry(Scale.PHQ9, List.of(3042932L, 1L));
        assertThatThrownBy(() -> OmopSettings.parseScales(Map.of("GAD7", "1"))).hasMessageContaining("trd.omop.scales.GAD7");
        assertThatThrownBy(() -> OmopSettings.parseScales(Map.of("MADRS", "x1"))).hasMessageContaining("'x1'");
        assertThatThrownBy(() -> new OmopSettings(null, Map.of(Scale.MADRS, List.of(5L), Scale.HAMD17, List.of(5L)), null, 1))
                .hasMessageContaining("concept 5");
    }
}
