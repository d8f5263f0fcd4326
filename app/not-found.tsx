import Link from "next/link";

export default function NotFound() {
  return (
    <div className="mx-auto mt-10 max-w-lg rounded-lg border border-slate-200 bg-white p-6">
      <h1 className="text-xl font-semibold">Página não encontrada</h1>
      <p className="mt-2 text-slate-700">O endereço não existe ou o item foi removido. Confira o link ou volte à lista de runbooks.</p>
      <div className="mt-4 flex gap-4">
        <Link href="/" className="text-blue-700 hover:underline">
          Início
        </Link>
        <Link href="/runbooks" className="text-blue-700 hover:underline">
          Runbooks
        </Link>
      </div>
    </div>
  );
}
