/** Semantic tokens: declarations and references by what they name, numbers and their units. */
import type { AstNode } from 'langium';
import { AbstractSemanticTokenProvider, type SemanticTokenAcceptor } from 'langium/lsp';
import { SemanticTokenModifiers, SemanticTokenTypes } from 'vscode-languageserver';
import * as ast from '../language/generated/ast.js';

export class RtcellSemanticTokenProvider extends AbstractSemanticTokenProvider {
    protected highlightElement(node: AstNode, acceptor: SemanticTokenAcceptor): void {
        const declaration = [SemanticTokenModifiers.declaration];
        if (ast.isCell(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.namespace, modifier: declaration });
            if (node.os) acceptor({ node, property: 'os', type: SemanticTokenTypes.type });
        } else if (ast.isFlow(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.event, modifier: declaration });
            acceptor({ node, property: 'from', type: SemanticTokenTypes.namespace });
            acceptor({ node, property: 'to', type: SemanticTokenTypes.namespace });
        } else if (ast.isTask(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.function, modifier: declaration });
        } else if (ast.isIrqEvent(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.event, modifier: declaration });
        } else if (ast.isVcpu(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.variable, modifier: declaration });
            acceptor({ node, property: 'core', type: SemanticTokenTypes.number });
        } else if (ast.isMemoryRegion(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.variable, modifier: declaration });
            acceptor({ node, property: 'phys', type: SemanticTokenTypes.number });
            if (node.virt !== undefined) acceptor({ node, property: 'virt', type: SemanticTokenTypes.number });
        } else if (ast.isSharedMember(node)) {
            acceptor({ node, property: 'cells', type: SemanticTokenTypes.namespace });
        } else if (ast.isCellResource(node) || ast.isGlobalResource(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.variable, modifier: declaration });
            if (ast.isGlobalResource(node)) acceptor({ node, property: 'cells', type: SemanticTokenTypes.namespace });
        } else if (ast.isCriticalSectionAttr(node)) {
            acceptor({ node, property: 'resource', type: SemanticTokenTypes.variable });
        } else if (ast.isPlacementAttr(node)) {
            if (node.vcpu) acceptor({ node, property: 'vcpu', type: SemanticTokenTypes.variable });
            if (node.core !== undefined) acceptor({ node, property: 'core', type: SemanticTokenTypes.number });
        } else if (ast.isQuantity(node)) {
            acceptor({ node, property: 'value', type: SemanticTokenTypes.number });
            if (node.unit) acceptor({ node, property: 'unit', type: SemanticTokenTypes.type });
        } else if (ast.isIntItem(node)) {
            acceptor({ node, property: 'from', type: SemanticTokenTypes.number });
            if (node.to !== undefined) acceptor({ node, property: 'to', type: SemanticTokenTypes.number });
        } else if (ast.isPriorityAttr(node) || ast.isIrqAttr(node)) {
            acceptor({ node, property: 'value', type: SemanticTokenTypes.number });
        } else if (ast.isSystemDecl(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.string });
        } else if (ast.isPlatformDecl(node) && node.preset) {
            acceptor({ node, property: 'preset', type: SemanticTokenTypes.type });
        }
    }
}
