package org.refvlm.llm.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        name = "refvlm language model",
        description = "A LLaMA-family checkpoint in Hugging Face layout to serve as the platform's language model.")
@interface LanguageModelConfig {

    @AttributeDefinition(description = "Folder with config.json, model.safetensors (or a sharded index) and tokenizer.json.")
    String path();

    @AttributeDefinition(description = "Name the model is known by, e.g. shapes-tiny or vicuna-7b.")
    String name() default "llama";

    @AttributeDefinition(description = "Compute type: float32, or float16 to halve the memory of large models; empty: REFVLM_DTYPE, else float32.")
    String dtype() default "";
}
