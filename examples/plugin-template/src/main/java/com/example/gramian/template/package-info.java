/**
 * The template's three plugins, each a product and a one-screen provider: a smooth hinge margin
 * loss, ERM with a momentum buffer the rule keeps across steps (and across --resume, through
 * state()/restore()), and a probe that logs how far apart the domains' losses are.
 */
package com.example.gramian.template;
